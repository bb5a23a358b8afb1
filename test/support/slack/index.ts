/** Local stand-in for Slack (Web API, Socket Mode, signed HTTP requests) for end-to-end tests. */
export * from './web-api.js';
export * from './socket-mode.js';
export * from './signing.js';
export * from './app-harness.js';
