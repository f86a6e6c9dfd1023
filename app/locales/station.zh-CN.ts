// 远程教育站点 screens (简体中文); station.en.ts has the same shape. Every refusal of
// the station rules has its words here, so the operator never sees a bare code.
import type { StationRefusal } from "~/domain/station/session-events.ts";
import type { ScheduleProblem } from "~/domain/station/schedule.ts";

const refusals: Record<StationRefusal, string> = {
  "not-opened": "这场放映还没有开始，请先开始放映。",
  "already-opened": "这场放映已经开始了。",
  "session-closed": "这场放映已经结束，不能再修改点名或播放记录。",
  "not-station-person": "此人不是本站点服务的党组织的党员或积极分子。请先把他登记为本站点的群众，再点名。",
  "already-present": "此人已经点过名了。",
  "not-present": "此人现在不在场，不能记为离场。",
  "bad-times": "记录的时间不对，请检查设备时间后重试。",
  "before-previous": "这条记录的时间早于之前的记录，请按实际先后顺序记录。",
  "outside-film": "播放位置超出了影片长度。",
  "faster-than-allowed": "播放速度超过了本课允许的最高倍速，这一段不计入。",
  "overlaps-playback": "同一站点同一时间只能放映一部片子，这一段与已记录的播放重叠。",
  "speaker-not-present": "发言人必须是点过名的到场人员。",
  "answered-twice": "此人已经作答过一次，每人只能作答一次。",
  "not-attendee": "只有点过名的到场人员才能作答。",
  "station-busy": "本站点正在进行另一场放映，请先结束那一场。",
  "unknown-station": "找不到这个站点。",
  "unknown-lesson": "找不到这一课或这部影片。",
};

const scheduleProblems: Record<ScheduleProblem, string> = {
  "digit-out-of-range": "“逢几”只能是 0 到 9（逢十写 0）。",
  "day-out-of-range": "日期只能是每月 1 日到 31 日。",
  "weekday-out-of-range": "星期只能是星期一到星期日。",
  "no-days": "请至少选一天。",
  "bad-date": "日期格式不对，请写成 2026-12-06 这样。",
};

const overview = {
  nav: "站点",
  title: "远程教育站点",
  month: "{{month}} 月报",
  none: "您负责的党组织下还没有远程教育站点。",
  quietTitle: "30 天以上没有放映的站点",
  quiet: "{{name}}：已经 {{days}} 天没有放映",
  quietNeverHeld: "{{name}}：建站 {{days}} 天，还没有放映过",
  quietNone: "所有站点近 30 天内都有放映。",
  columns: {
    station: "站点",
    org: "所属党组织",
    operator: "管理员",
    connectivity: "网络",
    sessions: "本月放映（场）",
    showing: "本月放映时长（小时）",
    next: "下一次放映",
    attendances: "到场人次",
    passed: "测试通过",
  },
  nextNone: "播放计划里没有安排",
  noOperator: "未指定",
  ofGoal: "{{value}} / {{goal}}",
  sessionsLabel: "{{name}}本月放映场次，目标 {{goal}} 场",
  showingLabel: "{{name}}本月放映时长，目标 {{goal}} 小时",
  connectivity: { ONLINE: "联网", POOR: "网络不稳", OFFLINE: "未联网" } as Record<string, string>,
  goalsNote: "每个站点的月目标由所属党组织设置；没有设置时为集体学习不少于 {{sessions}} 场、放映不少于 {{hours}} 小时（本地做法）。",
};

const planProblems = {
  lesson: "请选择要放映的课程或影片。",
  kind: "请选择日期的规则。",
  "days-unreadable": "请用数字写日期，几个日期之间用逗号或顿号隔开，例如：6（逢六）、1、15（每月 1 日和 15 日）、3（每周三）。",
  time: "时间请写成 19:30 这样（24 小时制）。",
  mode: "请选择集中放映或分散放映。",
  venue: "请选择定点放映或巡回放映。",
  place: "地点最多 100 个字。",
  gone: "这一条计划已经不在了，请刷新页面。",
};

const plan = {
  link: "播放计划",
  title: "{{station}} 播放计划",
  back: "返回站点列表",
  month: "{{year}} 年 {{month}} 月",
  previous: "上个月",
  next: "下个月",
  print: "打印本月计划",
  empty: "本月没有计划的放映。",
  columns: { date: "日期", time: "时间", lesson: "课程 / 影片", how: "方式", place: "地点" },
  weekday: ["", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
  modes: { CENTRALIZED: "集中放映", SCATTERED: "分散放映" } as Record<string, string>,
  venues: { FIXED: "定点", TOURING: "巡回" } as Record<string, string>,
  kinds: { digit: "逢几（每月个位数相同的日子）", monthDays: "每月几日", weekly: "每周星期几", once: "某一天" } as Record<string, string>,
  rule: {
    digit: "逢{{digit}}",
    monthDays: "每月 {{days}} 日",
    weekly: "每周{{days}}",
    once: "{{date}}",
  },
  lines: "计划条目",
  linesNone: "还没有计划。请在下面添加。",
  remove: "删除",
  removeLabel: "删除：{{rule}} {{time}} {{lesson}}",
  add: "添加计划",
  fields: {
    lessonId: "课程 / 影片",
    kind: "日期规则",
    days: "日期",
    daysHint: "逢几：写一个数字（逢六写 6，逢十写 0）；每月几日：如 1、15；每周：1 是星期一，7 是星期日；某一天：如 2026-12-06。",
    time: "时间",
    mode: "放映方式",
    venue: "定点或巡回",
    place: "地点（可不填）",
  },
  added: "已添加到播放计划。",
  removed: "已从播放计划中删除。",
};

export const stationZhCN = { refusals, scheduleProblems, overview, planProblems, plan };
