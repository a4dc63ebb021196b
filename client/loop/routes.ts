/** The loop's pages (subpackage root 'loop': consultation and projects), for navigateTo. */
export const LOOP_PAGES = {
  topics: '/loop/pages/topics/index',
  topic: (id: number) => `/loop/pages/topic/index?id=${id}`,
  /** The public page; `work` opens the working view of one's own project (guidance, actions). */
  project: (id: number, work = false) => `/loop/pages/project/index?id=${id}${work ? '&work=1' : ''}`,
  projects: '/loop/pages/projects/index',
  progress: (id: number) => `/loop/pages/progress/index?id=${id}`,
  report: (id: number) => `/loop/pages/report/index?id=${id}`,
  guidance: (id: number) => `/loop/pages/guidance/index?id=${id}`,
  signoff: (id: number) => `/loop/pages/signoff/index?id=${id}`,
};

/** The staff's consultation and project pages (workbench subpackage). */
export const WORKBENCH_LOOP_PAGES = {
  topics: '/workbench/pages/topics/index',
  newTopic: (needId?: number) => (needId ? `/workbench/pages/topic-new/index?needId=${needId}` : '/workbench/pages/topic-new/index'),
  topic: (id: number) => `/workbench/pages/topic/index?id=${id}`,
  newMeeting: (topicId: number) => `/workbench/pages/meeting-new/index?topicId=${topicId}`,
  meeting: (id: number, topicId: number) => `/workbench/pages/meeting/index?id=${id}&topicId=${topicId}`,
  resolution: (topicId: number) => `/workbench/pages/resolution/index?topicId=${topicId}`,
  evaluate: (projectId: number) => `/workbench/pages/evaluate/index?id=${projectId}`,
  newProject: (resolutionId: number, topicId: number) => `/workbench/pages/project-new/index?resolutionId=${resolutionId}&topicId=${topicId}`,
};

