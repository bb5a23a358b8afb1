import type { ClusterValue, Direction, Protocol } from './dataset/schema.js';
import type { OutputFormat } from './formats.js';

// The one answer model every front end (text, JSON, Slack, exporters) renders.

export type { OutputFormat } from './formats.js';

export interface Query {
  text: string;
  scenarios: string[];
  region: string | null;
  zone: string | null;
  cluster: string | null;
  format: OutputFormat | null;
  /** The asker wants optional rules active in exports ("including optional", --with-optional), not commented out. */
  includeOptional?: boolean;
  /** The edition of the page asked for, as the asker wrote it ("2019", "2021-01-19"): "as of 2019", "2021 edition". */
  edition?: string;
  /** "what changed since 2019": the edition to compare the answer with, as the asker wrote it. */
  since?: string;
  /** The asker's own address or subnet, from "from 203.0.113.5": fills the party marked questionSource. */
  source?: string;
  /** Scenarios the asker left out ("except logging"), already taken out of `scenarios`. */
  excluded?: string[];
  /** What narrows the answer to some of its rules ("istio outbound", "file storage from workers"): topics.yml's filters. */
  filters?: QueryFilters;
  /** A yes/no question about a port, protocol, address or host name: the answer starts with its verdict. */
  check?: QueryCheck;
}

/** What a yes/no question asks about ("must 2049 be open for file storage?"): each list as written. */
export interface QueryCheck {
  ports?: string[];
  protocols?: string[];
  addresses?: string[];
  hosts?: string[];
}

/** Filter values by kind: a rule is kept when it matches one value of each kind named. */
export type QueryFilters = Partial<Record<'direction' | 'network' | 'party', string[]>>;

export type ProblemCode =
  | 'empty-question'
  | 'unknown-scenario'
  | 'unknown-region'
  | 'unknown-zone'
  | 'zone-region-mismatch'
  | 'several-regions'
  | 'invalid-cluster-name'
  /** The address after "from" is not an IPv4 address or subnet. */
  | 'invalid-source'
  /** Several topics, regions or zones are as close to a misspelt word: the asker chooses. */
  | 'ambiguous-word'
  /** The exclusions leave nothing to answer ("kubectl except kubectl"). */
  | 'nothing-left'
  /** The question is about something the page does not cover (VPC clusters, IPv6, ...). */
  | 'not-covered';

export interface Problem {
  code: ProblemCode;
  message: string;
  // What the asker typed that caused the problem, when there is such a word.
  input?: string;
  /** What the asker could type instead, in the words a user types (never internal ids). */
  suggestions: string[];
}

/**
 * One source or destination of a rule.
 * - ip, cidr, host: a concrete address or DNS name to put in a firewall rule;
 * - placeholder: a value that depends on the asker's cluster or setup, with the steps that find it;
 * - reference: addresses the page does not list itself but points to (Sysdig, SoftLayer ranges);
 * - any: any address (a page's "allow all egress on TCP 443"): a real rule with no address restriction.
 */
export interface RuleEndpoint {
  kind: 'ip' | 'cidr' | 'host' | 'placeholder' | 'reference' | 'any';
  value: string;
  label: string;
  /** The role this endpoint stands for (workstation, workers-public, master, ...), whether filled in or not. */
  party?: string;
  deprecated?: boolean;
  zones?: string[];
  /** From a table row that stopped applying on this day. */
  until?: string;
  url?: string;
  find?: string[];
}

/** A port that depends on the cluster: shown as its documented range until a cluster lookup fills it in. */
export interface PendingValue {
  fact: ClusterValue['fact'];
  label: string;
  range: string | null;
  find: string[];
}

export interface AnswerRule {
  id: string;
  scenario: string;
  direction: Direction;
  sources: RuleEndpoint[];
  destinations: RuleEndpoint[];
  protocols: Protocol[];
  /** "443" or "20000-32767"; empty for protocols without ports (VRRP, IP-in-IP) or a port still pending. */
  ports: string[];
  required: boolean;
  /**
   * The day the rule's addresses stopped applying, when that is on or before the date answered for (the date
   * asked, else the edition's): the rule is shown as ended, neither required nor optional, and never exported.
   */
  ended?: string;
  /** When the rule applies only in some setups ("if you use load balancer services"); absent when always. */
  condition?: string;
  /** Not a rule for the asker's firewall but an allowlist on IBM's side (the IAM allowlist): shown, never exported as a rule. */
  allowlist?: boolean;
  purpose: string;
  section: string;
  sectionUrl: string;
  prerequisite: boolean;
  pending: PendingValue[];
  notes: string[];
  verify: string[];
}

export interface DatasetInfo {
  version: string;
  lastUpdated: string;
  source: { title: string; url: string };
  /** The edition answered from: its id, the page's date, what it covers and where its source is. */
  edition?: EditionInfo;
  /** The page edition the rules come from, with its date: the edition itself unless it was imported. */
  page?: { edition: string; date: string };
  /** Where the addresses come from when not from the page: IBM's lists, by repository, commit and date. */
  addresses?: AddressSource;
}

export interface AddressSource {
  repository: string;
  commit: string;
  date: string;
}

export interface EditionInfo {
  id: string;
  date: string;
  covers: string;
  source: { title: string; url: string; repository?: { name: string; path: string; commit: string } };
  /** Editions newer than this one, when the asker chose an older one. */
  newer?: { id: string; date: string }[];
}

export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  prerequisite: boolean;
}

export interface Answer {
  query: Query;
  /** One line: how the question was read, the typos read and the words not used. */
  reading?: string;
  /** What was asked, in the data's words: "kubectl commands", "Everything". */
  title: string;
  dataset: DatasetInfo;
  scenarios: ScenarioSummary[];
  rules: AnswerRule[];
  notes: string[];
  problems: Problem[];
  /** A yes/no question's verdict ("Yes: TCP, UDP 2049 outbound to ...; the topic also needs ..."), shown first. */
  verdict?: Verdict;
  /** True when rules would name region-specific addresses but no region is known yet. */
  needsRegion: boolean;
  cluster: ClusterSummary | null;
}

export interface Verdict {
  answer: 'yes' | 'no' | 'partly';
  /** One line, starting with the answer. */
  text: string;
  /** The ids of the rules that name what was asked, listed first among the rules. */
  rules: string[];
}

export interface ClusterSummary {
  name: string;
  id: string;
  region: string;
  zones: string[];
  source: string;
}

/** What a cluster lookup (IKS API or cluster file) knows about one cluster, in the dataset's terms. */
export interface ClusterFacts {
  id: string;
  name: string;
  /** A region id of the dataset (current form, e.g. eu-de), already mapped from legacy ids. */
  region: string;
  zones: string[];
  masterUrl: string;
  masterHost: string;
  masterPort: number;
  privateEndpointUrl?: string | null;
  etcdPort?: number | null;
  workers: ClusterWorker[];
  /** Which source answered: "file" or "iks". */
  source: string;
}

export interface ClusterWorker {
  id: string;
  zone: string;
  publicIp: string | null;
  privateIp: string | null;
}
