import { dispatch } from '../../bot/index.js';
import type { Listener } from '../deps.js';
import { renderHome } from '../help.js';

/**
 * The App Home tab: what porthole answers, examples, regions, dataset version and date (views.publish). Opening
 * it asks the dispatcher for help, as an empty question does; the Home tab renders that help its own way.
 */
export const appHome: Listener = {
  registration: { kind: 'event', name: 'app_home_opened', manifestEvent: 'app_home_opened', scopes: [] },
  register(app, deps) {
    app.event('app_home_opened', async ({ event, client }) => {
      if (event.tab !== 'home') return;
      try {
        const reply = await dispatch('', { userId: event.user, channelId: event.channel, teamId: null }, deps.bot);
        // The current edition's view is rendered once, when the app starts.
        const blocks = reply.dataset === deps.bot.dataset ? deps.homeBlocks : renderHome(reply.dataset);
        await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
      } catch (error) {
        deps.logger.error({ err: error, userId: event.user }, 'could not publish the App Home view');
      }
    });
  },
};
