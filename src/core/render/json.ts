import type { Answer } from '../answer.js';
import type { AnswerJson } from './json-contract.js';

// The JSON answer. Its contract, as a schema, is answerJsonSchema in json-contract.ts.

export const JSON_CONTRACT_VERSION = 1;

export type { AnswerJson } from './json-contract.js';

export function toJson(answer: Answer): AnswerJson {
  return { contract: JSON_CONTRACT_VERSION, ...answer };
}

export function renderJson(answer: Answer): string {
  return JSON.stringify(toJson(answer), null, 2) + '\n';
}
