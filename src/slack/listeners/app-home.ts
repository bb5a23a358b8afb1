import type { Listener } from '../deps.js';

/** The App Home tab: what porthole answers, examples, regions, dataset version and date (views.publish). */
export const appHome: Listener = {
  registration: { kind: 'event', name: 'app_home_opened', manifestEvent: 'app_home_opened', scopes: [] },
  register(app, deps) {
    app.event('app_home_opened', async ({ event, client }) => {
      if (event.tab !== 'home') return;
      try {
        await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: deps.homeBlocks } });
      } catch (error) {
        deps.logger.error({ err: error, userId: event.user }, 'could not publish the App Home view');
      }
    });
  },
};
