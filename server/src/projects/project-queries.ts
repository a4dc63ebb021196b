import { type EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import type { ProjectDomain, ProjectStatus } from '../contract/projects';
import { toDate, toNum, toNumOrNull } from '../database/raw';
import type { NeedStatus } from '../needs/need-status';
import { Need } from '../needs/need.entity';
import type { OrgKind } from '../orgs/organization.entity';
import { EvalCriterion, GuidanceRecord, ProjectEvaluation, ProjectMilestone, ProjectNeed, ProjectProgress, ServiceProject } from './project.entity';

/** Named reads of the project tables, each taking the caller's EntityManager (inside or outside a transaction). */

export async function findProject(m: EntityManager, id: number): Promise<ServiceProject> {
  const project = await m.findOne(ServiceProject, { where: { id } });
  if (!project) throw notFound('该服务项目');
  return project;
}

/** The needs a project took over, in the order they were linked. */
export async function linkedNeedsOfProject(m: EntityManager, projectId: number): Promise<Need[]> {
  const links = await m.find(ProjectNeed, { where: { projectId }, order: { id: 'ASC' } });
  return links.length ? m.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
}

export function countGuidance(m: EntityManager, projectId: number): Promise<number> {
  return m.count(GuidanceRecord, { where: { projectId } });
}

/** The scorecard's criteria in use, in their order. */
export function activeCriteria(m: EntityManager): Promise<EvalCriterion[]> {
  return m.find(EvalCriterion, { where: { active: true }, order: { sort: 'ASC', id: 'ASC' } });
}

/** Residents' ratings (1–5) of a project's needs: the average to two decimals, and how many rated. */
export async function residentRating(m: EntityManager, projectId: number): Promise<{ average: number | null; count: number }> {
  const [row] = await m.query(`SELECT COUNT(n.rating) AS n, SUM(n.rating) AS s ${ratedNeedsSql('?')}`, [projectId]);
  return ratingOf(row?.n, row?.s);
}

/** The rated needs linked to the project `project` (a placeholder or a column), as the FROM … WHERE of a query. */
const ratedNeedsSql = (project: string) => `FROM project_need pn JOIN need n ON n.id = pn.need_id WHERE pn.project_id = ${project} AND n.rating IS NOT NULL`;

/** Residents' rating from the count and sum of the ratings: the average to two decimals. */
function ratingOf(count: unknown, sum: unknown): { average: number | null; count: number } {
  const n = toNum(count);
  return { average: n ? Math.round((toNum(sum) / n) * 100) / 100 : null, count: n };
}

/**
 * Fund allocations of a project (`a`): approved (on the way to or already posted) and posted
 * (spent). Raw SQL on purpose: fund_allocation belongs to funds/, which imports this folder's
 * entity; reading the two sums here keeps the imports one way.
 */
const ALLOCATED_SUM = "SUM(CASE WHEN a.status IN ('approved', 'street_approved', 'posted') THEN a.amount ELSE 0 END)";
const SPENT_SUM = "SUM(CASE WHEN a.status = 'posted' THEN a.amount ELSE 0 END)";

/** The projects of a subtree (by its materialized path), newest first, at most 200. */
export async function projectIdsInSubtree(m: EntityManager, path: string): Promise<number[]> {
  const rows: Array<{ id: unknown }> = await m.query(
    'SELECT p.id FROM service_project p JOIN service_node c ON c.id = p.community_id WHERE c.path LIKE ? ORDER BY p.id DESC LIMIT 200',
    [`${path}%`],
  );
  return rows.map((r) => toNum(r.id));
}

/** The guidance records of a subtree's projects, latest guidance first, at most 500. */
export async function guidanceIdsInSubtree(m: EntityManager, path: string): Promise<number[]> {
  const rows: Array<{ id: unknown }> = await m.query(
    `SELECT g.id FROM project_guidance g JOIN service_project p ON p.id = g.project_id JOIN service_node c ON c.id = p.community_id
      WHERE c.path LIKE ? ORDER BY g.guided_on DESC, g.id DESC LIMIT 500`,
    [`${path}%`],
  );
  return rows.map((r) => toNum(r.id));
}

/** The project's own columns its public page shows. */
export type ProjectPageHead = Pick<
  ServiceProject,
  'id' | 'title' | 'domain' | 'summary' | 'communityId' | 'status' | 'budgetFen' | 'startsOn' | 'endsOn' | 'peopleServed' | 'signedOffAt' | 'completionReport' | 'completedAt' | 'createdAt'
>;

/** Everything a project's public page shows, as findProjectPage reads it. */
export interface ProjectPageParts {
  project: ProjectPageHead;
  community: { id: number; name: string };
  org: { id: number; name: string; kind: OrgKind };
  milestones: Array<Pick<ProjectMilestone, 'id' | 'title' | 'plannedOn' | 'doneOn' | 'waivedReason' | 'waivedOn'>>;
  /** Progress posts, oldest first, each with how many photos it has. */
  progress: Array<{ post: Pick<ProjectProgress, 'id' | 'milestoneId' | 'text' | 'peopleServed' | 'createdAt'>; photoCount: number }>;
  guidanceCount: number;
  evidencePhotoCount: number;
  evaluation: Pick<ProjectEvaluation, 'scores' | 'totalScore' | 'comment' | 'criteriaVersion' | 'createdAt'> | null;
  resolution: { id: number; topicId: number; topicTitle: string; text: string; figures: string; publishedAt: Date } | null;
  money: { allocatedFen: number; spentFen: number };
  residentRating: { average: number | null; count: number };
  /** The public needs it took over, by id. */
  publicNeeds: Array<Pick<Need, 'id' | 'title' | 'status'>>;
}

type MilestoneRaw = { id: unknown; title: string; planned_on: string; done_on: string | null; waived_reason: string | null; waived_on: string | null };
type ProgressRaw = { id: unknown; milestone_id: unknown; text: string; people_served: unknown; created_at: unknown; photo_count: unknown };

type ProjectPageRaw = {
  id: unknown; title: string; domain: ProjectDomain; summary: string; community_id: unknown; status: ProjectStatus; budget_fen: unknown;
  starts_on: string; ends_on: string; people_served: unknown; signed_off_at: unknown; completion_report: string | null; completed_at: unknown; created_at: unknown;
  org_id: unknown; org_name: string; org_kind: OrgKind; community_name: string;
  guidance_count: unknown; evidence_count: unknown; allocated: unknown; spent: unknown; rated: unknown; rating_sum: unknown;
  e_id: unknown; e_scores: string; e_total: unknown; e_comment: string; e_version: unknown; e_created: unknown;
  r_id: unknown; r_topic_id: unknown; r_topic_title: string; r_text: string; r_figures: string; r_published: unknown;
};

/** The photos linked to `entity` (an SQL expression) as `type`, counted as UploadsService.listLinked lists them. */
const photoCountSql = (type: 'progress' | 'completion', entity: string) =>
  `(SELECT COUNT(*) FROM upload_link l JOIN upload u ON u.id = l.upload_id WHERE l.entity_type = '${type}' AND l.entity_id = ${entity})`;

/**
 * A project's public page in four SELECTs sent together, in raw SQL (no query building or entity
 * hydration per request) (#15; was fifteen, one after another):
 * the project (the columns a page shows) with what is 1:1 joined — organization, community,
 * evaluation, resolution and its topic — and its counts and sums as subqueries (guidance, evidence
 * photos, fund allocations, residents' ratings); its milestones; its progress posts with their
 * photo counts; its public needs. Null when there is no such project.
 */
export async function findProjectPage(m: EntityManager, id: number): Promise<ProjectPageParts | null> {
  const [head, milestones, progress, publicNeeds] = await Promise.all([
    m.query(
      `SELECT p.id, p.title, p.domain, p.summary, p.community_id, p.status, p.budget_fen, p.starts_on, p.ends_on, p.people_served,
              p.signed_off_at, p.completion_report, p.completed_at, p.created_at,
              o.id AS org_id, o.name AS org_name, o.kind AS org_kind, c.name AS community_name,
              e.id AS e_id, e.scores AS e_scores, e.total_score AS e_total, e.comment AS e_comment, e.criteria_version AS e_version, e.created_at AS e_created,
              r.id AS r_id, r.topic_id AS r_topic_id, tp.title AS r_topic_title, r.text AS r_text, r.figures AS r_figures, r.published_at AS r_published,
              (SELECT COUNT(*) FROM project_guidance g WHERE g.project_id = p.id) AS guidance_count,
              ${photoCountSql('completion', 'p.id')} AS evidence_count,
              (SELECT ${ALLOCATED_SUM} FROM fund_allocation a WHERE a.project_id = p.id) AS allocated,
              (SELECT ${SPENT_SUM} FROM fund_allocation a WHERE a.project_id = p.id) AS spent,
              (SELECT COUNT(n.rating) ${ratedNeedsSql('p.id')}) AS rated,
              (SELECT SUM(n.rating) ${ratedNeedsSql('p.id')}) AS rating_sum
         FROM service_project p
         JOIN organization o ON o.id = p.org_id
         JOIN service_node c ON c.id = p.community_id
         LEFT JOIN project_evaluation e ON e.project_id = p.id
         LEFT JOIN consult_resolution r ON r.id = p.resolution_id
         LEFT JOIN consult_topic tp ON tp.id = r.topic_id
        WHERE p.id = ?`,
      [id],
    ) as Promise<ProjectPageRaw[]>,
    m.query('SELECT id, title, planned_on, done_on, waived_reason, waived_on FROM project_milestone WHERE project_id = ? ORDER BY sort ASC', [id]) as Promise<MilestoneRaw[]>,
    m.query(
      `SELECT x.id, x.milestone_id, x.text, x.people_served, x.created_at, ${photoCountSql('progress', 'x.id')} AS photo_count
         FROM project_progress x WHERE x.project_id = ? ORDER BY x.id ASC`,
      [id],
    ) as Promise<ProgressRaw[]>,
    m.query('SELECT n.id, n.title, n.status FROM need n JOIN project_need pn ON pn.need_id = n.id WHERE pn.project_id = ? AND n.is_public = 1 ORDER BY n.id ASC', [id]) as Promise<
      Array<{ id: unknown; title: string; status: NeedStatus }>
    >,
  ]);
  const row = head[0];
  if (!row) return null;
  const time = (v: unknown) => (v == null ? null : toDate(v));
  const project = {
    id: toNum(row.id),
    title: row.title,
    domain: row.domain,
    summary: row.summary,
    communityId: toNum(row.community_id),
    status: row.status,
    budgetFen: toNum(row.budget_fen),
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    peopleServed: toNum(row.people_served),
    signedOffAt: time(row.signed_off_at),
    completionReport: row.completion_report,
    completedAt: time(row.completed_at),
    createdAt: toDate(row.created_at),
  };
  return {
    project,
    community: { id: project.communityId, name: row.community_name },
    org: { id: toNum(row.org_id), name: row.org_name, kind: row.org_kind },
    milestones: milestones.map((x) => ({ id: toNum(x.id), title: x.title, plannedOn: x.planned_on, doneOn: x.done_on, waivedReason: x.waived_reason, waivedOn: x.waived_on })),
    progress: progress.map((x) => ({
      post: { id: toNum(x.id), milestoneId: toNumOrNull(x.milestone_id), text: x.text, peopleServed: toNum(x.people_served), createdAt: toDate(x.created_at) },
      photoCount: toNum(x.photo_count),
    })),
    guidanceCount: toNum(row.guidance_count),
    evidencePhotoCount: toNum(row.evidence_count),
    evaluation:
      row.e_id == null
        ? null
        : { scores: row.e_scores, totalScore: toNum(row.e_total), comment: row.e_comment, criteriaVersion: toNumOrNull(row.e_version), createdAt: toDate(row.e_created) },
    resolution:
      row.r_id == null
        ? null
        : { id: toNum(row.r_id), topicId: toNum(row.r_topic_id), topicTitle: row.r_topic_title, text: row.r_text, figures: row.r_figures, publishedAt: toDate(row.r_published) },
    money: { allocatedFen: toNum(row.allocated), spentFen: toNum(row.spent) },
    residentRating: ratingOf(row.rated, row.rating_sum),
    publicNeeds: publicNeeds.map((n) => ({ id: toNum(n.id), title: n.title, status: n.status })),
  };
}
