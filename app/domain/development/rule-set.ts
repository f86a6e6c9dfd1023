// 发展党员的规则集: every rule the eligibility engine applies, with the article
// and the document it comes from. A revision of the rules is a new version of
// this table (and a new RULE_SET_VERSION), never an edit of a published one:
// stored verdicts name the version they were computed under.

export const RULE_SET_VERSION = "2014-细则-1";

export type RuleSource = "细则" | "六不发展" | "local-practice";

export type RuleDefinition = {
  title: string;
  article: string;
  source: RuleSource;
};

const XIZE = "《中国共产党发展党员工作细则》（2014）";
const COUNTY = "县委“六不发展”（种子文件 001）";

/**
 * Article numbers follow the 2014 text. The six "不发展" conditions and the
 * poll thresholds are local practice from the seed documents, applied only when
 * an organization's policy turns them on (see policy.ts). Two of the six are
 * national rules with a local figure and live there: no concentrated training
 * (second) is "concentrated-training", too short a cultivation (third) is
 * "cultivation-before-admission".
 */
export const RULES = {
  "minimum-age": { title: "年满十八岁", article: `${XIZE}第五条`, source: "细则" },
  "application-talk": { title: "收到入党申请书后一个月内派人谈话", article: `${XIZE}第七条`, source: "细则" },
  "activist-recommendation": { title: "经党员推荐、群团组织推优等方式产生入党积极分子人选", article: `${XIZE}第八条`, source: "细则" },
  "cultivation-contacts": { title: "指定一至两名正式党员作培养联系人", article: `${XIZE}第九条`, source: "细则" },
  "half-yearly-assessment": { title: "每半年对入党积极分子进行一次考察", article: `${XIZE}第十一条`, source: "细则" },
  "thought-reports": { title: "入党积极分子定期递交思想汇报", article: "发展党员工作实践（种子文件 000），频次由组织设定", source: "local-practice" },
  "cultivation-before-target": { title: "经过一年以上培养教育和考察方可列为发展对象", article: `${XIZE}第十三条`, source: "细则" },
  "opinions-heard": { title: "听取党小组、培养联系人、党员和群众意见", article: `${XIZE}第十三条`, source: "细则" },
  "required-courses": { title: "完成组织规定的必修课程", article: "本组织的培训要求", source: "local-practice" },
  sponsors: { title: "发展对象应当有两名正式党员作入党介绍人", article: `${XIZE}第十四条`, source: "细则" },
  "political-review": { title: "对发展对象进行政治审查，未经政审或政审不合格的不能发展", article: `${XIZE}第十六条`, source: "细则" },
  "concentrated-training": { title: "短期集中培训不少于三天或不少于二十四个学时", article: `${XIZE}第十七条`, source: "细则" },
  "committee-review": { title: "支部委员会对发展对象进行严格审查", article: `${XIZE}第十八条`, source: "细则" },
  "pre-review": { title: "上级党委预审并书面通知", article: `${XIZE}第十九条`, source: "细则" },
  "public-notice": { title: "发展前公示，公示期满且无未了结的反映", article: "发展党员公示制（种子文件 000），天数由组织设定", source: "local-practice" },
  "opinion-poll": { title: "居住地和工作单位民意调查赞成率", article: "民意调查（种子文件 003），门槛由组织设定", source: "local-practice" },
  "branch-vote": { title: "支部大会表决：到会超过应到会半数，赞成超过应到会正式党员半数", article: `${XIZE}第二十一条`, source: "细则" },
  "cultivation-before-admission": { title: "培养时间满组织规定的月数方可接收为预备党员", article: `本组织政策（${COUNTY}第三条要求满两年）`, source: "local-practice" },
  "six-no-special-cultivation": { title: "未列为入党积极分子并专门培养的不发展", article: `${COUNTY}第一条`, source: "六不发展" },
  "six-no-political-review": { title: "没有政审或政审不清的不发展", article: `${COUNTY}第四条`, source: "六不发展" },
  "six-no-recommendation": { title: "未经推优或群众推荐的不发展", article: `${COUNTY}第五条`, source: "六不发展" },
  "six-no-inspection": { title: "考察表现一般或群众意见大的不发展", article: `${COUNTY}第六条`, source: "六不发展" },
  "probation-period": { title: "预备期一年，从支部大会通过之日算起；可延长一次，半年至一年", article: `${XIZE}第二十六条、第二十九条`, source: "细则" },
  oath: { title: "预备党员进行入党宣誓", article: `${XIZE}第二十七条`, source: "细则" },
  "conversion-application": { title: "预备期满本人提出书面转正申请", article: `${XIZE}第二十九条`, source: "细则" },
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof RULES;
