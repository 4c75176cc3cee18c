// Who an incident alerts, how it escalates, who can stop its ladder, its legal duties and its
// deadlines (DOMAIN.md, "Incident categories, severity and routing" and "Deadlines, acknowledgement
// and escalation"). Pure: callers pass the clock in.

import { accept, type Decision, refuse } from './decision.js';
import { type Category, type ContactKind, type DutyBearerKind, isVillageKind, SEVERITIES, type Severity } from './vocabulary.js';

export const DUTY_IDS = [
  'cmpo_informed',
  'police_report',
  'cwc_informed',
  'medical_examination',
  'childline_docket',
  'cwc_production',
  'portal_upload',
  'cwc_report',
] as const;
export type DutyId = (typeof DUTY_IDS)[number];

export interface DutyRule {
  id: DutyId;
  /** Due this long after the report (and never later than the harm's deadline cap). */
  withinMinutes: number;
  /** Only when the reporter says the child needs medical care. */
  whenMedicalCareNeeded?: true;
}

export interface CategoryRouting {
  readonly defaultSeverity: Severity;
  /** Kinds alerted at once, besides the coordinators (who are in every first alert). */
  readonly firstAlert: readonly ContactKind[];
  /** Kinds added to the first alert only when the reporter says the child needs medical care. */
  readonly whenMedicalCareNeeded?: readonly ContactKind[];
  /** Kinds added to the first alert when the harm is expected within 72 hours. */
  readonly whenHarmImminent?: readonly DutyBearerKind[];
  /** Escalation steps in order; each step alerts a set of kinds at once. */
  readonly ladder: readonly (readonly DutyBearerKind[])[];
  /** The kinds whose acknowledgement or move stops a high or critical ladder. */
  readonly statutory: readonly DutyBearerKind[];
  /** Told 24 hours before the expected harm, unless a statutory kind has the case in_action. */
  readonly preHarm: readonly DutyBearerKind[];
  readonly duties: readonly DutyRule[];
  /** Whether the category is confidential whatever the reporter asked. */
  readonly alwaysConfidential?: boolean;
}

const HOUR = 60;
const DAY = 24 * HOUR;
const within24h = (id: DutyId): DutyRule => ({ id, withinMinutes: DAY });
const CHILDLINE_DOCKET: DutyRule = { id: 'childline_docket', withinMinutes: 2 * HOUR };
const POLICE_ONLY_BEFORE_HARM = ['police'] as const;
const DCPU_ONLY = ['dcpu'] as const;

export const ROUTING_RULES: Readonly<Record<Category, CategoryRouting>> = {
  child_marriage: {
    defaultSeverity: 'high',
    firstAlert: ['volunteer', 'panchayat', 'vlcpc', 'cmpo'],
    whenHarmImminent: ['police'],
    ladder: [['block'], ['police'], ['dcpu']],
    statutory: ['cmpo', 'block', 'police'],
    preHarm: ['police', 'cmpo'],
    duties: [within24h('cmpo_informed')],
  },
  // POCSO s.19 makes reporting to the police mandatory, and s.19(6) the CWC informed within 24 hours.
  sexual_abuse: {
    defaultSeverity: 'critical',
    firstAlert: ['police', 'sjpu', 'dcpu'],
    whenMedicalCareNeeded: ['health'],
    ladder: [['cwc'], ['dcpu']],
    statutory: ['police', 'sjpu'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [within24h('police_report'), within24h('cwc_informed'), { ...within24h('medical_examination'), whenMedicalCareNeeded: true }],
    alwaysConfidential: true,
  },
  trafficking: {
    defaultSeverity: 'critical',
    firstAlert: ['police', 'ahtu'],
    ladder: [['sjpu'], ['dcpu']],
    statutory: ['police', 'ahtu', 'sjpu'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [within24h('police_report'), CHILDLINE_DOCKET, within24h('cwc_production')],
  },
  missing_child: {
    defaultSeverity: 'critical',
    firstAlert: ['volunteer', 'police', 'ahtu'],
    ladder: [['sjpu'], ['dcpu']],
    statutory: ['police', 'sjpu', 'ahtu'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [within24h('police_report'), within24h('portal_upload'), CHILDLINE_DOCKET],
  },
  // JJ Act s.32: a child found separated from family is reported to the CWC within 24 hours.
  abandoned_separated: {
    defaultSeverity: 'critical',
    firstAlert: ['police', 'dcpu'],
    ladder: [['cwc'], ['dcpu']],
    statutory: ['police', 'dcpu', 'cwc'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [within24h('cwc_report'), CHILDLINE_DOCKET, within24h('cwc_production')],
  },
  child_labour: {
    defaultSeverity: 'high',
    firstAlert: ['vlcpc'],
    ladder: [['block', 'labour'], ['dcpu'], ['cwc']],
    statutory: ['block', 'labour', 'dcpu'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  physical_abuse: {
    defaultSeverity: 'high',
    firstAlert: ['vlcpc'],
    ladder: [['police'], ['dcpu'], ['cwc']],
    statutory: ['police', 'dcpu'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  domestic_violence: {
    defaultSeverity: 'high',
    firstAlert: ['vlcpc'],
    ladder: [['police'], ['dcpu']],
    statutory: ['police', 'dcpu'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  // Never the school kind first: the head teacher may be the one accused.
  corporal_punishment: {
    defaultSeverity: 'medium',
    firstAlert: ['smc'],
    ladder: [['block'], ['dcpu']],
    statutory: DCPU_ONLY,
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  school_dropout: {
    defaultSeverity: 'medium',
    firstAlert: ['school', 'volunteer'],
    ladder: [['block']],
    statutory: DCPU_ONLY,
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  neglect: {
    defaultSeverity: 'medium',
    firstAlert: ['anganwadi'],
    ladder: [['dcpu'], ['cwc']],
    statutory: DCPU_ONLY,
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  health_nutrition: {
    defaultSeverity: 'medium',
    firstAlert: ['health', 'anganwadi'],
    ladder: [['block']],
    statutory: DCPU_ONLY,
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  // Support and legal aid, not a police referral.
  conflict_with_law: {
    defaultSeverity: 'high',
    firstAlert: ['dcpu'],
    ladder: [['dlsa']],
    statutory: ['dcpu', 'dlsa'],
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
  other: {
    defaultSeverity: 'low',
    firstAlert: [],
    ladder: [['dcpu']],
    statutory: DCPU_ONLY,
    preHarm: POLICE_ONLY_BEFORE_HARM,
    duties: [],
  },
};

/**
 * The first release's ladders, for incidents it stored without their routing: they keep the steps
 * they were reported with (a childline step among them is skipped, since childline is never alerted).
 */
export const FIRST_RELEASE_LADDERS: Readonly<Record<Exclude<Category, 'abandoned_separated'>, readonly (readonly DutyBearerKind[])[]>> = {
  child_marriage: [['block'], ['police'], ['dcpu'], ['childline']],
  sexual_abuse: [['cwc'], ['dcpu']],
  trafficking: [['sjpu'], ['dcpu'], ['childline']],
  missing_child: [['sjpu'], ['dcpu'], ['childline']],
  child_labour: [['block', 'labour'], ['dcpu'], ['cwc']],
  physical_abuse: [['police'], ['dcpu'], ['cwc']],
  domestic_violence: [['police'], ['dcpu']],
  corporal_punishment: [['block'], ['dcpu']],
  school_dropout: [['block']],
  neglect: [['dcpu'], ['cwc']],
  health_nutrition: [['block']],
  conflict_with_law: [['sjpu'], ['dcpu']],
  other: [['dcpu']],
};

/** How long the current recipients have to acknowledge before the ladder climbs one step. */
export const ACK_WITHIN_MINUTES: Readonly<Record<Severity, number>> = {
  critical: 30,
  high: 4 * HOUR,
  medium: DAY,
  low: 3 * DAY,
};

/** How long after acknowledgement the incident has to reach in_action before a reminder. */
export const IN_ACTION_WITHIN_MINUTES: Readonly<Record<Severity, number>> = {
  critical: DAY,
  high: 3 * DAY,
  medium: 7 * DAY,
  low: 14 * DAY,
};

const MS_PER_MINUTE = 60_000;
/** Harm expected this soon (a planned marriage date, say) makes the incident critical. */
export const HARM_IMMINENT_MINUTES = 72 * HOUR;
/** Police (and the cmpo for a child marriage) are told this long before the expected harm. */
export const PRE_HARM_ALERT_MINUTES = DAY;
/** The coordinators are asked what happened this long after the expected harm, if unresolved. */
export const HARM_FOLLOW_UP_MINUTES = DAY;
/** No deadline falls later than this before the expected harm... */
const HARM_MARGIN_MINUTES = 12 * HOUR;
/** ...nor sooner than this after it is set. */
const DEADLINE_FLOOR_MINUTES = 15;

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

export function addMinutes(from: Date | string, minutes: number): Date {
  return new Date(new Date(from).getTime() + minutes * MS_PER_MINUTE);
}

/**
 * A deadline set at `setAt`, `minutes` ahead, that follows the harm: never later than 12 hours
 * before `expectedBy`, except that none is sooner than 15 minutes after it is set.
 */
export function deadline(setAt: Date, minutes: number, expectedBy?: string): Date {
  const nominal = addMinutes(setAt, minutes);
  if (!expectedBy) return nominal;
  const capped = Math.min(nominal.getTime(), addMinutes(expectedBy, -HARM_MARGIN_MINUTES).getTime());
  return new Date(Math.max(capped, addMinutes(setAt, DEADLINE_FLOOR_MINUTES).getTime()));
}

/** Whether the expected harm is within 72 hours of `now` (or already past). */
export function harmImminent(expectedBy: string | undefined, now: Date): boolean {
  return expectedBy !== undefined && Date.parse(expectedBy) <= addMinutes(now, HARM_IMMINENT_MINUTES).getTime();
}

export function isConfidential(category: Category, requested: boolean): boolean {
  return requested || ROUTING_RULES[category].alwaysConfidential === true;
}

export interface SeverityInput {
  category: Category;
  requested?: Severity;
  expectedBy?: string;
  now: Date;
  reporterIsCoordinator: boolean;
}

/**
 * The severity an incident is recorded with: the category's default unless the reporter raised it,
 * or a coordinator lowered it; harm expected within 72 hours (or already past) makes it critical.
 * A lower severity from anyone else is refused rather than silently ignored.
 */
export function effectiveSeverity(input: SeverityInput): Decision<Severity> {
  const defaultSeverity = ROUTING_RULES[input.category].defaultSeverity;
  const requested = input.requested ?? defaultSeverity;
  if (compareSeverity(requested, defaultSeverity) < 0 && !input.reporterIsCoordinator) {
    return refuse({ kind: 'invalid', path: 'severity', message: "Only a coordinator may set a severity below the category's default." });
  }
  return accept(harmImminent(input.expectedBy, input.now) ? 'critical' : requested);
}

export interface RoutingInput {
  category: Category;
  medicalCareNeeded: boolean;
  /** What the reporter asked for; the category may force it. */
  confidential: boolean;
  expectedBy?: string | undefined;
  now: Date;
}

/** The routing stored on an incident at its report and at each correction. */
export interface Routing {
  /** Coordinator first, then the category's kinds in the order of DOMAIN.md. */
  firstAlert: ContactKind[];
  ladder: DutyBearerKind[][];
  /** The incident's escalationStep when this ladder began: its next rung is ladder[escalationStep - ladderFrom]. */
  ladderFrom: number;
}

export interface RoutingPlan {
  confidential: boolean;
  routing: Routing;
  /** Whether the pre-harm alert is already due, and so goes out with the first alert. */
  preHarmAlerted: boolean;
}

/** Whether a kind may ever be sent an alert about this incident. */
export function mayAlert(kind: ContactKind, confidential: boolean): boolean {
  return kind !== 'childline' && !(confidential && isVillageKind(kind));
}

export function planRouting(input: RoutingInput): RoutingPlan {
  const rule = ROUTING_RULES[input.category];
  const confidential = isConfidential(input.category, input.confidential);
  const imminent = harmImminent(input.expectedBy, input.now);
  const preHarmAlerted = preHarmDue(input.expectedBy, input.now);
  const candidates: ContactKind[] = [
    'coordinator',
    ...rule.firstAlert,
    ...(input.medicalCareNeeded ? (rule.whenMedicalCareNeeded ?? []) : []),
    ...(imminent ? (rule.whenHarmImminent ?? []) : []),
    ...(preHarmAlerted ? rule.preHarm : []),
  ];
  const firstAlert = [...new Set(candidates)].filter((kind) => mayAlert(kind, confidential));
  const ladder = rule.ladder.map((step) => step.filter((kind) => mayAlert(kind, confidential))).filter((step) => step.length > 0);
  return { confidential, routing: { firstAlert, ladder, ladderFrom: 0 }, preHarmAlerted };
}

/** Whether the pre-harm alert is due at `now`: 24 hours before the harm, or at once when that has passed. */
export function preHarmDue(expectedBy: string | undefined, now: Date): boolean {
  return expectedBy !== undefined && addMinutes(expectedBy, -PRE_HARM_ALERT_MINUTES).getTime() <= now.getTime();
}

/**
 * Whether an action by this kind stops the ladder: any routed contact's or a coordinator's for a
 * medium or low incident; only one of the category's statutory kinds for a high or critical one
 * (a coordinator acting on behalf of one counts as that kind).
 */
export function stopsLadder(category: Category, severity: Severity, kind: ContactKind): boolean {
  if (compareSeverity(severity, 'high') < 0) return kind !== 'funder';
  return (ROUTING_RULES[category].statutory as readonly ContactKind[]).includes(kind);
}

/** The legal duties of a category as an incident carries them, due from its report. */
export function dutiesFor(category: Category, medicalCareNeeded: boolean, reportedAt: Date, expectedBy?: string) {
  return ROUTING_RULES[category].duties
    .filter((duty) => !duty.whenMedicalCareNeeded || medicalCareNeeded)
    .map((duty) => ({ id: duty.id, dueAt: deadline(reportedAt, duty.withinMinutes, expectedBy).toISOString() }));
}
