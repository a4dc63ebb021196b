import { type EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import { toNum } from '../database/raw';
import { Need } from '../needs/need.entity';
import { EvalCriterion, GuidanceRecord, ProjectNeed, ServiceProject } from './project.entity';

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
  const [row] = await m.query(
    'SELECT COUNT(n.rating) AS n, SUM(n.rating) AS s FROM project_need pn JOIN need n ON n.id = pn.need_id WHERE pn.project_id = ? AND n.rating IS NOT NULL',
    [projectId],
  );
  const count = toNum(row?.n);
  return { average: count ? Math.round((toNum(row.s) / count) * 100) / 100 : null, count };
}

/**
 * Fund allocations for a project: approved (on the way to or already posted) and posted (spent).
 * Raw SQL on purpose: fund_allocation belongs to funds/, which imports this folder's entity; reading
 * the two sums here keeps the imports one way.
 */
export async function projectMoney(m: EntityManager, projectId: number): Promise<{ allocatedFen: number; spentFen: number }> {
  const [row] = await m.query(
    `SELECT SUM(CASE WHEN status IN ('approved', 'street_approved', 'posted') THEN amount ELSE 0 END) AS allocated,
            SUM(CASE WHEN status = 'posted' THEN amount ELSE 0 END) AS spent
       FROM fund_allocation WHERE project_id = ?`,
    [projectId],
  );
  return { allocatedFen: toNum(row?.allocated), spentFen: toNum(row?.spent) };
}

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
