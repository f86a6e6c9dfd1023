// 发展党员的规则集: every rule the eligibility engine applies, and where it comes
// from. A revision of the rules (a rule, an article, a citation) is a new
// version of this table and a new RULE_SET_VERSION, never an edit of a
// published one: stored verdicts name the version they were computed under,
// and a verdict of another version is stale (judged afresh before it is shown).
//
// The words (each rule's title and its citation as staff read it) live in
// app/locales/development.*.ts under `development.rules.<id>`; this table holds
// the facts they state: a national rule by its document and articles, a local
// practice as a local practice (never a file number of the source documents).

/**
 * 2026-12-02: citations of local practice name the practice (地方做法) instead
 * of a source file; reasons are codes with parameters. The previous version,
 * "2014-细则-1", cited local practice by file number.
 */
export const RULE_SET_VERSION = "2014-细则-2";

/** 《中国共产党发展党员工作细则》(2014). */
export const XIZE_2014 = "xize-2014" as const;

export type RuleSource =
  /** A national rule: the document and its articles. */
  | { kind: "national"; document: typeof XIZE_2014; articles: readonly number[] }
  /**
   * A local practice, applied as an organization's policy sets it: which
   * practice it is (the locale names it), and for the county's "六不发展" which
   * of the six conditions.
   */
  | { kind: "local-practice"; practice: LocalPractice; item?: number };

export type LocalPractice =
  /** 某县“六不发展”: six conditions under which nobody is admitted. */
  | "six-no-develop"
  /** 民意调查赞成率 80/60: postpone below one figure, refuse below the other. */
  | "opinion-poll"
  /** 发展党员公示制: a public notice before each step. */
  | "public-notice"
  /** 定期递交思想汇报, the interval set by the organization. */
  | "thought-reports"
  /** The organization's own training requirements (its required courses). */
  | "required-courses"
  /** A cultivation period set by the organization (one county: two years). */
  | "cultivation-period";

const xize = (...articles: number[]): RuleSource => ({ kind: "national", document: XIZE_2014, articles });
const local = (practice: LocalPractice, item?: number): RuleSource => ({ kind: "local-practice", practice, ...(item ? { item } : {}) });

/**
 * Article numbers follow the 2014 text. The six "不发展" conditions and the
 * poll thresholds are local practice, applied only when an organization's
 * policy turns them on (see policy.ts). Two of the six are national rules with
 * a local figure and live there: no concentrated training (second) is
 * "concentrated-training", too short a cultivation (third) is
 * "cultivation-before-admission".
 */
export const RULES = {
  "minimum-age": xize(5),
  "application-talk": xize(7),
  "activist-recommendation": xize(8),
  "cultivation-contacts": xize(9),
  "half-yearly-assessment": xize(11),
  "thought-reports": local("thought-reports"),
  "cultivation-before-target": xize(13),
  "opinions-heard": xize(13),
  "required-courses": local("required-courses"),
  sponsors: xize(14),
  "political-review": xize(16),
  "concentrated-training": xize(17),
  "committee-review": xize(18),
  "pre-review": xize(19),
  "public-notice": local("public-notice"),
  "opinion-poll": local("opinion-poll"),
  "branch-vote": xize(21),
  "cultivation-before-admission": local("cultivation-period"),
  "six-no-special-cultivation": local("six-no-develop", 1),
  "six-no-political-review": local("six-no-develop", 4),
  "six-no-recommendation": local("six-no-develop", 5),
  "six-no-inspection": local("six-no-develop", 6),
  "probation-period": xize(26, 29),
  oath: xize(27),
  "conversion-application": xize(29),
} as const satisfies Record<string, RuleSource>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];
