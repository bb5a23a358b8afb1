import path from 'node:path';
import { needsShared, SHARED_DIR } from './requirements.js';

/** The copy of IBM-Cloud/kube-samples in ../shared, and what a test needs of it. */
export const KUBE_SAMPLES_REL = 'sources/kube-samples-7057ed0';
export const KUBE_SAMPLES = path.join(SHARED_DIR, KUBE_SAMPLES_REL);
export const kubeSamplesCopy = needsShared(`${KUBE_SAMPLES_REL}/COMMIT`);

/**
 * The nets a policy file lists, counted from its text (lines "- a.b.c.d/n"), not with the YAML parser the
 * importer uses; /32 dropped, as porthole writes single addresses.
 */
export function netsInText(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/^\s*-\s*(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\s*$/gm)) found.add(m[1]!.replace(/\/32$/, ''));
  return found;
}
