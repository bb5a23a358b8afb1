import type { Listener, Registration } from '../deps.js';
import { appHome } from './app-home.js';
import { appMention } from './app-mention.js';
import { directMessage } from './direct-message.js';
import { exportMenu } from './export-menu.js';
import { helpful } from './helpful.js';
import { notHelpful } from './not-helpful.js';
import { regionPicker } from './region-picker.js';
import { shareInChannel } from './share-in-channel.js';
import { slashCommand } from './slash-command.js';

/** Every listener of the app, one per file; createApp registers each on Bolt. */
export const LISTENERS: readonly Listener[] = [slashCommand, appMention, directMessage, appHome, regionPicker, shareInChannel, exportMenu, helpful, notHelpful];

/** What the manifest must declare, read from the listener files (test/slack-manifest.test.ts compares both ways). */
export const REGISTRATIONS: readonly Registration[] = LISTENERS.map((l) => l.registration);
