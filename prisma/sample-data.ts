// The sample organization and accounts: used by the seed, printed by `npm start`,
// and signed in with by the end-to-end tests. One password for all, for trying out.

export const SAMPLE_PASSWORD = "sihuan2026";

export type SampleOrg = {
  code: string;
  name: string;
  kind: "COUNTY" | "TOWNSHIP" | "GENERAL_BRANCH" | "BRANCH";
  parent?: string;
  isMobile?: boolean;
};

export const SAMPLE_ORGS: SampleOrg[] = [
  { code: "county", name: "示范县委", kind: "COUNTY" },
  { code: "chengguan", name: "城关镇党委", kind: "TOWNSHIP", parent: "county" },
  { code: "chengguan-shequ", name: "城关社区党总支", kind: "GENERAL_BRANCH", parent: "chengguan" },
  { code: "chengguan-1", name: "城关社区第一党支部", kind: "BRANCH", parent: "chengguan-shequ" },
  { code: "chengguan-2", name: "城关社区第二党支部", kind: "BRANCH", parent: "chengguan-shequ" },
  { code: "chengguan-liudong", name: "城关镇流动党员党支部", kind: "BRANCH", parent: "chengguan", isMobile: true },
  { code: "hexi", name: "河西乡党委", kind: "TOWNSHIP", parent: "county" },
  { code: "hexi-cun", name: "河西村党支部", kind: "BRANCH", parent: "hexi" },
  { code: "yangzhuang", name: "杨庄村党支部", kind: "BRANCH", parent: "hexi" },
];

export type SampleAccount = {
  username: string;
  phone: string;
  name: string;
  /** What the account is for, shown by `npm start`. */
  purpose: string;
  homeOrg: string;
  roles: { role: "LEARNER" | "STATION_OPERATOR" | "TRAINER" | "ORG_ADMIN" | "PLATFORM_ADMIN"; org: string }[];
  stage: "NONE" | "APPLICANT" | "ACTIVIST" | "DEVELOPMENT_TARGET" | "PROBATIONARY" | "FULL_MEMBER";
  /** Months before today he entered his stage. */
  stageMonthsAgo?: number;
  activistTier?: "THIS_YEAR" | "NEAR_TERM" | "LONG_TERM";
  gender: "M" | "F";
  birthYear: number;
  education: string;
  isRural: boolean;
  /** Trained by another organization (委托培养). */
  entrustedTo?: string;
};

export const SAMPLE_ACCOUNTS: SampleAccount[] = [
  {
    username: "admin",
    phone: "13900000000",
    name: "平台管理员",
    purpose: "平台管理员 platform admin",
    homeOrg: "county",
    roles: [{ role: "PLATFORM_ADMIN", org: "county" }],
    stage: "FULL_MEMBER",
    gender: "M",
    birthYear: 1980,
    education: "BACHELOR",
    isRural: false,
  },
  {
    username: "xianwei",
    phone: "13900000001",
    name: "县委组织部 王科长",
    purpose: "县委组织部管理员 county admin",
    homeOrg: "county",
    roles: [{ role: "ORG_ADMIN", org: "county" }],
    stage: "FULL_MEMBER",
    gender: "F",
    birthYear: 1978,
    education: "BACHELOR",
    isRural: false,
  },
  {
    username: "chengguan",
    phone: "13900000002",
    name: "城关镇 李委员",
    purpose: "镇党委管理员 township admin",
    homeOrg: "chengguan",
    roles: [{ role: "ORG_ADMIN", org: "chengguan" }],
    stage: "FULL_MEMBER",
    gender: "M",
    birthYear: 1975,
    education: "COLLEGE",
    isRural: false,
  },
  {
    username: "hexi",
    phone: "13900000005",
    name: "河西乡 周委员",
    purpose: "乡党委管理员（河西村站点所在乡）township admin of the station's township",
    homeOrg: "hexi",
    roles: [{ role: "ORG_ADMIN", org: "hexi" }],
    stage: "FULL_MEMBER",
    gender: "F",
    birthYear: 1982,
    education: "BACHELOR",
    isRural: false,
  },
  {
    username: "peiyang",
    phone: "13900000003",
    name: "张书记",
    purpose: "支部书记/培养联系人 trainer",
    homeOrg: "chengguan-1",
    roles: [{ role: "TRAINER", org: "chengguan-1" }],
    stage: "FULL_MEMBER",
    gender: "M",
    birthYear: 1970,
    education: "HIGH_SCHOOL",
    isRural: false,
  },
  {
    username: "zhandian",
    phone: "13900000004",
    name: "河西村 赵管理员",
    purpose: "远程教育站点管理员 station operator",
    homeOrg: "hexi-cun",
    roles: [{ role: "STATION_OPERATOR", org: "hexi-cun" }],
    stage: "FULL_MEMBER",
    gender: "M",
    birthYear: 1968,
    education: "JUNIOR",
    isRural: true,
  },
  {
    username: "xueyuan",
    phone: "13800000001",
    name: "刘小明",
    purpose: "入党积极分子 activist learner",
    homeOrg: "chengguan-1",
    roles: [{ role: "LEARNER", org: "chengguan-1" }],
    stage: "ACTIVIST",
    stageMonthsAgo: 8,
    activistTier: "NEAR_TERM",
    gender: "M",
    birthYear: 1998,
    education: "COLLEGE",
    isRural: false,
  },
  {
    username: "fazhan",
    phone: "13800000002",
    name: "陈红",
    purpose: "发展对象 development target",
    homeOrg: "chengguan-1",
    roles: [{ role: "LEARNER", org: "chengguan-1" }],
    stage: "DEVELOPMENT_TARGET",
    stageMonthsAgo: 3,
    gender: "F",
    birthYear: 1995,
    education: "BACHELOR",
    isRural: false,
  },
  {
    username: "yubei",
    phone: "13800000003",
    name: "孙强",
    purpose: "预备党员 probationary member",
    homeOrg: "chengguan-2",
    roles: [{ role: "LEARNER", org: "chengguan-2" }],
    stage: "PROBATIONARY",
    stageMonthsAgo: 5,
    gender: "M",
    birthYear: 1993,
    education: "HIGH_SCHOOL",
    isRural: false,
  },
  {
    username: "shenqing",
    phone: "13800000004",
    name: "周丽",
    purpose: "入党申请人 applicant",
    homeOrg: "hexi-cun",
    roles: [{ role: "LEARNER", org: "hexi-cun" }],
    stage: "APPLICANT",
    stageMonthsAgo: 1,
    gender: "F",
    birthYear: 2001,
    education: "HIGH_SCHOOL",
    isRural: true,
  },
  {
    username: "hedashan",
    phone: "13800000007",
    name: "何大山",
    purpose: "河西村党员，在站点参加集体学习 a member who studies at the village station",
    homeOrg: "hexi-cun",
    roles: [{ role: "LEARNER", org: "hexi-cun" }],
    stage: "FULL_MEMBER",
    stageMonthsAgo: 120,
    gender: "M",
    birthYear: 1968,
    education: "PRIMARY",
    isRural: true,
  },
  {
    username: "qianxiuying",
    phone: "13800000008",
    name: "钱秀英",
    purpose: "河西村积极分子，在站点参加集体学习 an activist who studies at the village station",
    homeOrg: "hexi-cun",
    roles: [{ role: "LEARNER", org: "hexi-cun" }],
    stage: "ACTIVIST",
    stageMonthsAgo: 8,
    activistTier: "NEAR_TERM",
    gender: "F",
    birthYear: 1985,
    education: "JUNIOR",
    isRural: true,
  },
  {
    username: "liudong",
    phone: "13800000005",
    name: "吴建国",
    purpose: "流动党员积极分子 activist trained by the mobile branch",
    homeOrg: "yangzhuang",
    roles: [{ role: "LEARNER", org: "yangzhuang" }],
    stage: "ACTIVIST",
    stageMonthsAgo: 14,
    activistTier: "THIS_YEAR",
    gender: "M",
    birthYear: 1990,
    education: "JUNIOR",
    isRural: true,
    entrustedTo: "chengguan-liudong",
  },
  {
    username: "qunzhong",
    phone: "13800000006",
    name: "马小芳",
    purpose: "群众，将递交入党申请 a person about to apply",
    homeOrg: "chengguan-1",
    roles: [{ role: "LEARNER", org: "chengguan-1" }],
    stage: "NONE",
    gender: "F",
    birthYear: 2000,
    education: "COLLEGE",
    isRural: false,
  },
];

export const SAMPLE_STATION = {
  code: "hexi-station",
  name: "河西村远程教育站点",
  org: "hexi-cun",
  operators: ["zhandian"],
  village: "河西村",
  address: "河西村村委会二楼",
  equipment: "电视机、卫星接收机",
  connectivity: "OFFLINE",
};
