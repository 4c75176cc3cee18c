// Who an incident alerts, how it escalates and by when (DOMAIN.md, "Incident categories, severity
// and routing" and "Deadlines, acknowledgement and escalation"). Pure: callers pass the clock in.

import {
  type Category,
  type ContactKind,
  type DutyBearerKind,
  isOfficialKind,
  isVillageKind,
  SEVERITIES,
  type Severity,
} from './vocabulary.js';

export interface CategoryRouting {
  readonly defaultSeverity: Severity;
  /** Kinds alerted at once, besides the coordinators (who are in every first alert). */
  readonly firstAlert: readonly ContactKind[];
  /** Kinds added to the first alert only when the reporter says the child needs medical care. */
  readonly whenMedicalCareNeeded?: readonly ContactKind[];
  /** Escalation steps in order; each step alerts a set of kinds at once. */
  readonly ladder: readonly (readonly DutyBearerKind[])[];
  /** Whether the category is confidential whatever the reporter asked. */
  readonly alwaysConfidential?: boolean;
}

export const ROUTING_RULES: Readonly<Record<Category, CategoryRouting>> = {
  child_marriage: {
    defaultSeverity: 'high',
    firstAlert: ['volunteer', 'panchayat', 'vlcpc'],
    ladder: [['block'], ['police'], ['dcpu'], ['childline']],
  },
  // POCSO s.19 makes reporting to the police mandatory.
  sexual_abuse: {
    defaultSeverity: 'critical',
    firstAlert: ['police', 'sjpu'],
    whenMedicalCareNeeded: ['health'],
    ladder: [['cwc'], ['dcpu']],
    alwaysConfidential: true,
  },
  trafficking: {
    defaultSeverity: 'critical',
    firstAlert: ['police'],
    ladder: [['sjpu'], ['dcpu'], ['childline']],
  },
  missing_child: {
    defaultSeverity: 'critical',
    firstAlert: ['volunteer', 'police'],
    ladder: [['sjpu'], ['dcpu'], ['childline']],
  },
  child_labour: {
    defaultSeverity: 'high',
    firstAlert: ['vlcpc'],
    ladder: [['block', 'labour'], ['dcpu'], ['cwc']],
  },
  physical_abuse: {
    defaultSeverity: 'high',
    firstAlert: ['vlcpc'],
    ladder: [['police'], ['dcpu'], ['cwc']],
  },
  domestic_violence: {
    defaultSeverity: 'high',
    firstAlert: ['vlcpc'],
    ladder: [['police'], ['dcpu']],
  },
  corporal_punishment: {
    defaultSeverity: 'medium',
    firstAlert: ['school'],
    ladder: [['block'], ['dcpu']],
  },
  school_dropout: {
    defaultSeverity: 'medium',
    firstAlert: ['school', 'volunteer'],
    ladder: [['block']],
  },
  neglect: {
    defaultSeverity: 'medium',
    firstAlert: ['anganwadi'],
    ladder: [['dcpu'], ['cwc']],
  },
  health_nutrition: {
    defaultSeverity: 'medium',
    firstAlert: ['health', 'anganwadi'],
    ladder: [['block']],
  },
  conflict_with_law: {
    defaultSeverity: 'high',
    firstAlert: [],
    ladder: [['sjpu'], ['dcpu']],
  },
  other: {
    defaultSeverity: 'low',
    firstAlert: [],
    ladder: [['dcpu']],
  },
};

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/** How long the current recipients have to acknowledge before the ladder climbs one step. */
export const ACK_WITHIN_MINUTES: Readonly<Record<Severity, number>> = {
  critical: 30,
  high: 4 * MINUTES_PER_HOUR,
  medium: 24 * MINUTES_PER_HOUR,
  low: 72 * MINUTES_PER_HOUR,
};

/** How long after acknowledgement the incident has to reach in_action before a reminder. */
export const IN_ACTION_WITHIN_MINUTES: Readonly<Record<Severity, number>> = {
  critical: 24 * MINUTES_PER_HOUR,
  high: 72 * MINUTES_PER_HOUR,
  medium: 7 * MINUTES_PER_DAY,
  low: 14 * MINUTES_PER_DAY,
};

/** Harm expected this soon (a planned marriage date, say) makes the incident critical. */
const EXPECTED_HARM_CRITICAL_WITHIN_MINUTES = 72 * MINUTES_PER_HOUR;

const MS_PER_MINUTE = 60_000;

function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

function addMinutes(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * MS_PER_MINUTE);
}

export function isConfidential(category: Category, requested: boolean): boolean {
  return requested || ROUTING_RULES[category].alwaysConfidential === true;
}

export interface SeverityInput {
  category: Category;
  requested?: Severity;
  expectedBy?: Date;
  now: Date;
  reporterIsCoordinator: boolean;
}

export type SeverityDecision = { ok: true; severity: Severity } | { ok: false; message: string };

/**
 * The severity an incident is recorded with: the category's default unless the reporter raised it,
 * or a coordinator lowered it; harm expected within 72 hours (or already past) makes it critical.
 * A lower severity from anyone else is refused rather than silently ignored.
 */
export function effectiveSeverity(input: SeverityInput): SeverityDecision {
  const defaultSeverity = ROUTING_RULES[input.category].defaultSeverity;
  const requested = input.requested ?? defaultSeverity;
  if (compareSeverity(requested, defaultSeverity) < 0 && !input.reporterIsCoordinator) {
    return { ok: false, message: "Only a coordinator may set a severity below the category's default." };
  }
  const harmIsImminent =
    input.expectedBy !== undefined && input.expectedBy.getTime() <= addMinutes(input.now, EXPECTED_HARM_CRITICAL_WITHIN_MINUTES).getTime();
  return { ok: true, severity: harmIsImminent ? 'critical' : requested };
}

export interface RoutingInput {
  category: Category;
  medicalCareNeeded: boolean;
  /** What the reporter asked for; the category may force it. */
  confidential: boolean;
}

export interface RoutingPlan {
  confidential: boolean;
  /** Coordinator first, then the category's kinds in the order of DOMAIN.md. */
  firstAlertKinds: ContactKind[];
  ladder: DutyBearerKind[][];
}

export function planRouting(input: RoutingInput): RoutingPlan {
  const rule = ROUTING_RULES[input.category];
  const confidential = isConfidential(input.category, input.confidential);
  const mayAlert = (kind: ContactKind): boolean => !(confidential && isVillageKind(kind));

  const candidates: ContactKind[] = [
    'coordinator',
    ...rule.firstAlert,
    ...(input.medicalCareNeeded ? (rule.whenMedicalCareNeeded ?? []) : []),
  ];
  const firstAlertKinds = [...new Set(candidates)].filter(mayAlert);
  const ladder = rule.ladder.map((step) => step.filter(mayAlert)).filter((step) => step.length > 0);
  return { confidential, firstAlertKinds, ladder };
}

/** Deadline to acknowledge; also, from each escalation step's time, when the next step is due. */
export function ackDueAt(severity: Severity, from: Date): Date {
  return addMinutes(from, ACK_WITHIN_MINUTES[severity]);
}

export function inActionDueAt(severity: Severity, acknowledgedAt: Date): Date {
  return addMinutes(acknowledgedAt, IN_ACTION_WITHIN_MINUTES[severity]);
}

/**
 * Whether an acknowledgement by this kind stops the escalation ladder. A village kind's
 * acknowledgement of a high or critical incident is recorded but the ladder climbs on, so that an
 * official still hears of it. Funders are never routed an incident, so theirs never counts.
 */
export function acknowledgementStopsLadder(kind: ContactKind, severity: Severity): boolean {
  if (kind === 'coordinator' || isOfficialKind(kind)) return true;
  if (isVillageKind(kind)) return compareSeverity(severity, 'high') < 0;
  return false;
}
