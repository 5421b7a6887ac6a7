import type { TemplateContent } from './template.events';

/**
 * The district library every district starts with: the seed's suggested texts, one per time to text, in its own
 * words with its examples' names made placeholders. A school admin may change or retire them (events on the
 * district's templates stream); until then they are these, at version 0.
 */
export const DEFAULT_TEMPLATES: readonly (TemplateContent & { templateId: string })[] = [
  {
    templateId: 'default-welcome',
    purpose: 'welcome',
    title: 'Welcome in week 1',
    body: 'Welcome to {className} class {firstName}! I am happy to have you as a student. What are you most looking forward to in the class? - {teacherName}',
  },
  {
    templateId: 'default-not-working',
    purpose: 'not_working',
    title: 'Not working or falling behind',
    body: 'Hi {firstName}, this is {teacherName}, your teacher for {className}. Are you able to log on today and work? I want to help you get back on track.',
  },
  {
    templateId: 'default-study-session',
    purpose: 'study_session',
    title: 'Study session reminder',
    body: "Hello {firstName}, don't forget we have a {className} study session today. - {teacherName}",
  },
  {
    templateId: 'default-milestone',
    purpose: 'milestone',
    title: 'Milestone congratulations',
    body: 'Hi {firstName}, great work this week in your {className} class! You made some great progress. - {teacherName}',
  },
  {
    templateId: 'default-tutoring',
    purpose: 'tutoring_or_meeting',
    title: 'How to reach tutoring or book a meeting',
    body: 'Hi {firstName}, if you need help in {className}, On-Demand Tutoring is open in the portal, or reply here to book a meeting with me. - {teacherName}',
  },
];
