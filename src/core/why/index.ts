export { explainAddress } from './explain.js';
export { isWhyQuestion, parseWhyQuery, type WhyQuery } from './parse.js';
export { renderWhyText } from './render.js';
export * from './result.js';
export { withHistory } from './history.js';
