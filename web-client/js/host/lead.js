// Who drives the room: exactly one console leads (runs the session); the other moderates. The
// bar says which, with the one button that moves the wheel: the console that drives hands it
// over, and the organiser's console can always take it back. It sits in the room strip; a
// co-facilitator's console that does not lead also gets a line saying what it may do.

import { strings } from '../i18n.js';
import { v } from '../view.js';
import { drives, shell, state } from './state.js';

const ls = strings({
  en: {
    youLead: 'You lead now',
    youLeadHint: 'You run the session; the co-facilitator moderates.',
    coLeads: 'The co-facilitator leads now',
    coLeadsHint: 'You can moderate; the session\'s buttons are with your colleague.',
    teacherLeads: 'The teacher leads now',
    teacherLeadsHint: 'You are a co-facilitator: you can moderate (cards, names, tips) and rename or approve students; the teacher runs the session.',
    youLeadCo: 'You lead now, as co-facilitator',
    youLeadCoHint: 'You run the session; the teacher moderates and can take the lead back.',
    handOver: 'Hand over',
    handOverHint: 'Hand over the lead to the co-facilitator',
    handBack: 'Hand back',
    handBackHint: 'Hand back the lead to the teacher',
    takeLead: 'Take the lead',
    takeLeadHint: 'Take the lead back from the co-facilitator',
    label: 'Who leads',
  },
  nl: {
    youLead: 'Jij leidt nu',
    youLeadHint: 'Jij leidt de sessie; de mededocent modereert.',
    coLeads: 'De mededocent leidt nu',
    coLeadsHint: 'Jij kunt modereren; de knoppen van de sessie liggen bij je collega.',
    teacherLeads: 'De docent leidt nu',
    teacherLeadsHint: 'Je bent mededocent: je kunt modereren (kaartjes, namen, tips) en studenten hernoemen of goedkeuren; de docent leidt de sessie.',
    youLeadCo: 'Jij leidt nu, als mededocent',
    youLeadCoHint: 'Jij leidt de sessie; de docent modereert en kan de leiding terugnemen.',
    handOver: 'Overdragen',
    handOverHint: 'Leiding overdragen aan de mededocent',
    handBack: 'Teruggeven',
    handBackHint: 'Leiding teruggeven aan de docent',
    takeLead: 'Leiding nemen',
    takeLeadHint: 'Leiding nemen (terug van de mededocent)',
    label: 'Wie leidt',
  },
});

/**
 * Who leads, with the button to hand over or take back: a compact part of the room strip, so
 * the console's run panel keeps its height.
 */
export function leadControl() {
  const mine = drives();
  const co = state.coFacilitator;
  const title = mine ? (co ? ls('youLeadCo') : ls('youLead')) : (co ? ls('teacherLeads') : ls('coLeads'));
  const hint = mine ? (co ? ls('youLeadCoHint') : ls('youLeadHint')) : (co ? ls('teacherLeadsHint') : ls('coLeadsHint'));
  // Short labels keep the room strip on one row at 1366×768; the full sentence is the
  // button's accessible name and tooltip.
  /** @type {{ label: string, full: string, act: import('../../gen/Act').Act, testid: string } | null} */
  const button = mine
    ? co ? { label: ls('handBack'), full: ls('handBackHint'), act: { type: 'handOver' }, testid: 'hand-over' }
      : { label: ls('handOver'), full: ls('handOverHint'), act: { type: 'handOver' }, testid: 'hand-over' }
    : (co ? null : { label: ls('takeLead'), full: ls('takeLeadHint'), act: { type: 'takeLead' }, testid: 'take-lead' });
  return v('div', {
    class: `lead-bar${mine ? ' leads' : ''}`, testid: 'lead-bar', role: 'status', title: hint,
    aria: { label: ls('label') }, data: { lead: state.lead, drives: String(mine) },
  },
  v('strong', { testid: 'lead-title' }, title),
  button ? v('button', {
    type: 'button', class: mine ? 'secondary small' : 'primary small', testid: button.testid,
    title: button.full, aria: { label: button.full },
    onclick: () => { shell.act(button.act); },
  }, button.label) : null);
}

/**
 * A co-facilitator's console that does not lead says what it can do, in a line of its own.
 */
export function leadNote() {
  if (!state.coFacilitator || drives()) return null;
  return v('p', { class: 'banner-note', role: 'status', testid: 'co-facilitator-banner' }, ls('teacherLeadsHint'));
}
