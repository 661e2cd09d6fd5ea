/**
 * The demo town's 创建工作方案 for each year (SPEC §8): the three phases and the task ledger, tasks given to
 * the town's units and to villages, written by the town office through the programme commands. A past
 * year's tasks are done (one of them late); the current year's are done up to today, one is overdue and
 * the December ones are under way.
 */
import { ProgrammeCreate, ProgrammeTaskCreate, ProgrammeTaskReportCreate, ProgrammeTaskUpdate, type PhaseKey } from '../../../core/schemas/programme.ts';
import { addDays } from '../../../core/dates.ts';
import type { Database } from '../../db/client.ts';
import type { CommandContext } from '../../audit.ts';
import { makeActor } from '../auth/actor.ts';
import { loadBindings } from '../auth/service.ts';
import { createProgramme, createTask, updateTask } from '../programme/service.ts';
import { reportOnTask } from '../programme/assignments.ts';
import type { Rng } from './random.ts';

interface TaskPlan {
  phase: PhaseKey;
  title: string;
  /** a unit of the town (its id prefix, e.g. 'justice') or 'villages' (one task per village) */
  to: string;
  /** deadline as MM-DD */
  deadline: string;
  evidence: string;
}

const TASKS: TaskPlan[] = [
  { phase: 'mobilise', title: '制定年度无讼村（社区）创建工作方案，明确目标和责任分工', to: 'centre', deadline: '07-10', evidence: '镇党委会议审议通过创建工作方案，印发各村（社区）和站所。' },
  { phase: 'mobilise', title: '召开全镇无讼创建动员部署会', to: 'justice', deadline: '07-15', evidence: '7月召开动员部署会，各村书记、站所负责人参会，签订责任书。' },
  { phase: 'mobilise', title: '修订村规民约，写入“有纠纷先调解”条款', to: 'villages', deadline: '07-15', evidence: '村民代表会议表决通过修订后的村规民约，已公示。' },
  { phase: 'advance', title: '开展法律明白人、人民调解员业务培训', to: 'justice', deadline: '09-30', evidence: '举办培训两期，参训法律明白人和调解员共计一百二十余人次。' },
  { phase: 'advance', title: '推进诉服村村通站点建设，实现村（社区）全覆盖', to: 'tribunal', deadline: '10-31', evidence: '各村（社区）诉服村村通站点均已挂牌运行，法官定期联系。' },
  { phase: 'advance', title: '每月开展矛盾纠纷经常性排查并按时报送', to: 'police', deadline: '11-30', evidence: '各村（社区）按月报送排查表，重大隐患当月化解或稳控。' },
  { phase: 'advance', title: '落实重点对象包保，逐人制定处置预案', to: 'petition', deadline: '11-30', evidence: '重点对象均落实包保责任人和处置预案，按月走访。' },
  { phase: 'summarise', title: '对照创建标准开展年度自查，形成考评结果', to: 'centre', deadline: '12-20', evidence: '完成各村（社区）年度考评，结果经镇党委会议审定。' },
  { phase: 'summarise', title: '评选表彰无讼村（社区），完成村主干考评', to: 'centre', deadline: '12-31', evidence: '通报表彰无讼村（社区），村主干考评结果已报县委政法委。' },
];

/** Writes the programme year of `townCode` for `year` with its tasks, as the town office; nothing dated after today. */
export async function seedDemoProgramme(database: Database, r: Rng, opts: { townCode: string; townName: string; year: number; today: string; villageCodes: string[]; officeUsername: string }) {
  const { year, today } = opts;
  if (`${year}-07-01` > today) return { tasks: 0 };
  const [u] = await database.query<{ id: string; username: string; name: string }>('select id, username, name from users where username = $1', [opts.officeUsername]);
  const ctx: CommandContext = { actor: makeActor({ id: u.id, username: u.username, name: u.name, bindings: await loadBindings(database.db, u.id), via: 'system' }), requestId: 'demo' };
  const target = ({ 2024: '0.60', 2025: '0.75' } as Record<number, string>)[year] ?? '0.80';
  const p = await createProgramme(
    database,
    ctx,
    ProgrammeCreate.parse({
      regionCode: opts.townCode,
      year,
      title: `${opts.townName}${year}年无讼村（社区）创建工作方案`,
      goals: `全镇无讼村（社区）占比达到${Math.round(Number(target) * 100)}%以上；万人起诉率不高于上年全市平均水平的50%；矛盾纠纷就地化解率稳定在95%以上。`,
      villageShareTarget: target,
    }),
  );
  let tasks = 0;
  let lateOne = year < Number(today.slice(0, 4));
  let overdueOne = !lateOne;
  for (const plan of TASKS) {
    const deadline = `${year}-${plan.deadline}`;
    const assignees = plan.to === 'villages' ? opts.villageCodes.map((v) => ({ villageCode: v })) : [{ unitId: `${plan.to}-${opts.townCode}` }];
    for (const a of assignees) {
      const task = await createTask(database, ctx, p.id, ProgrammeTaskCreate.parse({ phase: plan.phase, title: plan.title, deadline, ...a }));
      tasks++;
      // done on or a little before the deadline; a past year has one done late, the current one one overdue
      let completedOn = addDays(deadline, -r.int(0, 12));
      if (completedOn < `${year}-07-01`) completedOn = `${year}-07-01`;
      if (lateOne && plan.phase === 'advance') {
        completedOn = addDays(deadline, r.int(5, 15));
        lateOne = false;
      }
      if (overdueOne && plan.phase === 'advance' && deadline < today && 'unitId' in a && a.unitId.startsWith('petition')) {
        overdueOne = false;
        await reportOnTask(database, ctx, task.id, ProgrammeTaskReportCreate.parse({ version: task.version, kind: 'progress', percent: 80, note: '重点对象均已落实包保责任人，两名对象的处置预案尚在完善。' }));
        continue;
      }
      if (completedOn > today) {
        if (plan.phase === 'summarise' && deadline.slice(5) === '12-20') {
          await reportOnTask(database, ctx, task.id, ProgrammeTaskReportCreate.parse({ version: task.version, kind: 'progress', percent: 40, note: '各村（社区）自查材料已收齐，正在汇总考评数据。' }));
        }
        continue;
      }
      await updateTask(database, ctx, task.id, ProgrammeTaskUpdate.parse({ version: task.version, status: 'done', completedOn, evidence: plan.evidence }));
    }
  }
  return { tasks };
}
