// The pitch round's words, in English and Dutch, and what every screen of it shares: a
// criterion's name in the reader's language, a team's name and a mean with one decimal.

import { getLang, strings } from '../../i18n.js';

/** @typedef {import('../../../gen/Criterion').Criterion} Criterion */
/** @typedef {import('../../../gen/TeamsView').TeamsView} TeamsView */

export const ps = strings({
  en: {
    kind: 'Pitches',
    summary: '{n} criteria, 1–5 stars',
    phasePitch: 'Pitch {n} of {total}',
    phaseFeedback: 'Feedback on pitch {n} of {total}',
    phaseClosed: 'Pitch {n} of {total}: feedback closed',
    phaseResults: 'Results',
    lobbyLead: 'Teams pitch their ideas in turn. You rate the other teams’ pitches.',
    yourTurn: 'Your team pitches as number {n}.',
    nowPitching: 'Now pitching',
    listen: 'Listen carefully: after the pitch you rate it here.',
    youArePitching: 'You are pitching!',
    youArePitchingLead: 'Good luck! Your classmates and teachers rate your pitch.',
    beingRated: 'The others are rating your pitch now. Your tops and tips arrive here once the teacher sends them.',
    rateHeading: 'Rate the pitch of',
    anonymous: 'Anonymous: the team and the teacher never see your name.',
    stars: '{n} stars',
    starsOne: '1 star',
    top: 'Top: what was good?',
    tip: 'Tip: what could be better?',
    optional: '(optional)',
    send: 'Send rating',
    change: 'Change rating',
    needStars: 'Give every criterion stars.',
    needTopTip: 'Leave a top and a tip.',
    changeHint: 'You can change your rating until the feedback closes.',
    kindPlease: 'Please keep your feedback kind.',
    closedHeading: 'Feedback on {team} is closed',
    closedLead: 'Thanks! Wait for the next team.',
    notRated: 'You did not rate this pitch.',
    yourFeedback: 'Feedback for your team',
    tops: 'Tops',
    tips: 'Tips',
    teacher: 'teacher',
    resultsHeading: 'How your team was rated',
    resultsLead: 'The results of every team are on the screen.',
    students: 'Students',
    teachers: 'Teachers',
    ratings: '{n} ratings',
    ratingsOne: '1 rating',
    noRatings: 'no ratings',
    ratingsHead: 'Rated by',
    pitchDone: 'Your pitch is done!',
    cardsBelow: 'Your tops and tips are below.',
    cardsSoon: 'The teacher sends your tops and tips soon.',
    screenGiveFeedback: 'Rate this pitch on your phone',
    screenClosed: 'Feedback closed',
    screenOrder: 'Pitch order',
    screenUpNext: 'Up next: {team}',
    screenResults: 'Pitch results',
    order: 'Order',
    moveUp: 'Move {team} up',
    moveDown: 'Move {team} down',
    shuffle: 'Draw the order',
    start: 'Start the pitches',
    noTeams: 'Form teams first: every team pitches once.',
    openFeedback: 'End pitch, open feedback',
    closeFeedback: 'Close feedback',
    next: 'Next team',
    toResults: 'Show results',
    back: 'Back to previous team',
    teacherRating: 'Your rating as teacher',
    teacherName: 'Your name (shown to nobody; one rating per name)',
    teacherDefault: 'Teacher',
    sendTeacher: 'Send teacher rating',
    teacherSaved: 'Saved ✓',
    moderation: 'Tops and tips',
    moderationHint: 'Cards reach a team only when you send them. Hide anything unkind first.',
    waiting: 'not sent',
    sent: 'sent',
    hidden: 'hidden',
    hide: 'Hide',
    unhide: 'Show',
    release: 'Send {n} cards to {team}',
    releaseOne: 'Send 1 card to {team}',
    allSent: 'All cards sent',
    noCards: 'No tops or tips yet.',
    editorNew: 'New pitch round',
    editorEdit: 'Edit pitch round',
    title: 'Title',
    titleDefault: 'Pitches',
    criteria: 'Criteria (1–6), each rated with 1–5 stars',
    criterion: 'Criterion {n}',
    addCriterion: 'Add a criterion',
    remove: 'Remove',
    pitchSecs: 'Seconds per pitch (empty: no timer)',
    feedbackSecs: 'Seconds of feedback per pitch (empty: no timer)',
    requireTopsTips: 'A top and a tip are required',
    errCriteria: 'Every criterion needs a name (at most 40 characters).',
    critCreatief: 'Creative',
    critRealistisch: 'Realistic',
    critDuidelijk: 'Clear',
  },
  nl: {
    kind: 'Pitches',
    summary: '{n} criteria, 1–5 sterren',
    phasePitch: 'Pitch {n} van {total}',
    phaseFeedback: 'Feedback op pitch {n} van {total}',
    phaseClosed: 'Pitch {n} van {total}: feedback gesloten',
    phaseResults: 'Resultaten',
    lobbyLead: 'Teams pitchen om de beurt hun idee. Jij beoordeelt de pitches van de andere teams.',
    yourTurn: 'Jouw team pitcht als nummer {n}.',
    nowPitching: 'Nu aan het woord',
    listen: 'Luister goed: na de pitch beoordeel je hem hier.',
    youArePitching: 'Jullie pitchen nu!',
    youArePitchingLead: 'Succes! Je medestudenten en docenten beoordelen jullie pitch.',
    beingRated: 'De anderen beoordelen nu jullie pitch. Jullie tops en tips komen hier zodra de docent ze verstuurt.',
    rateHeading: 'Beoordeel de pitch van',
    anonymous: 'Anoniem: het team en de docent zien nooit jouw naam.',
    stars: '{n} sterren',
    starsOne: '1 ster',
    top: 'Top: wat was goed?',
    tip: 'Tip: wat kan beter?',
    optional: '(optioneel)',
    send: 'Beoordeling versturen',
    change: 'Beoordeling aanpassen',
    needStars: 'Geef elk criterium sterren.',
    needTopTip: 'Geef een top en een tip.',
    changeHint: 'Je kunt je beoordeling aanpassen tot de feedback sluit.',
    kindPlease: 'Houd je feedback vriendelijk.',
    closedHeading: 'Feedback op {team} is gesloten',
    closedLead: 'Bedankt! Wacht op het volgende team.',
    notRated: 'Je hebt deze pitch niet beoordeeld.',
    yourFeedback: 'Feedback voor jullie team',
    tops: 'Tops',
    tips: 'Tips',
    teacher: 'docent',
    resultsHeading: 'Zo werd jullie team beoordeeld',
    resultsLead: 'De resultaten van alle teams staan op het scherm.',
    students: 'Studenten',
    teachers: 'Docenten',
    ratings: '{n} beoordelingen',
    ratingsOne: '1 beoordeling',
    noRatings: 'geen beoordelingen',
    ratingsHead: 'Beoordeeld door',
    pitchDone: 'Jullie pitch zit erop!',
    cardsBelow: 'Hieronder staan jullie tops en tips.',
    cardsSoon: 'De docent stuurt jullie tops en tips zo.',
    screenGiveFeedback: 'Beoordeel deze pitch op je telefoon',
    screenClosed: 'Feedback gesloten',
    screenOrder: 'Volgorde van de pitches',
    screenUpNext: 'Hierna: {team}',
    screenResults: 'Resultaten van de pitches',
    order: 'Volgorde',
    moveUp: '{team} omhoog',
    moveDown: '{team} omlaag',
    shuffle: 'Volgorde loten',
    start: 'Start de pitches',
    noTeams: 'Maak eerst teams: elk team pitcht één keer.',
    openFeedback: 'Pitch stoppen, feedback openen',
    closeFeedback: 'Feedback sluiten',
    next: 'Volgend team',
    toResults: 'Resultaten tonen',
    back: 'Terug naar vorig team',
    teacherRating: 'Jouw beoordeling als docent',
    teacherName: 'Jouw naam (niemand ziet hem; één beoordeling per naam)',
    teacherDefault: 'Docent',
    sendTeacher: 'Docentbeoordeling versturen',
    teacherSaved: 'Opgeslagen ✓',
    moderation: 'Tops en tips',
    moderationHint: 'Kaartjes gaan pas naar een team als jij ze verstuurt. Verberg eerst wat niet vriendelijk is.',
    waiting: 'niet verstuurd',
    sent: 'verstuurd',
    hidden: 'verborgen',
    hide: 'Verbergen',
    unhide: 'Tonen',
    release: '{n} kaartjes naar {team} sturen',
    releaseOne: '1 kaartje naar {team} sturen',
    allSent: 'Alle kaartjes verstuurd',
    noCards: 'Nog geen tops of tips.',
    editorNew: 'Nieuwe pitchronde',
    editorEdit: 'Pitchronde aanpassen',
    title: 'Titel',
    titleDefault: 'Pitches',
    criteria: 'Criteria (1–6), elk met 1–5 sterren',
    criterion: 'Criterium {n}',
    addCriterion: 'Criterium toevoegen',
    remove: 'Verwijderen',
    pitchSecs: 'Seconden per pitch (leeg: geen timer)',
    feedbackSecs: 'Seconden feedback per pitch (leeg: geen timer)',
    requireTopsTips: 'Een top en een tip zijn verplicht',
    errCriteria: 'Elk criterium heeft een naam nodig (hoogstens 40 tekens).',
    critCreatief: 'Creatief',
    critRealistisch: 'Realistisch',
    critDuidelijk: 'Duidelijk',
  },
});

/** Built-in criteria by key: their translated name. */
const BUILTIN = /** @type {const} */ ({
  creatief: 'critCreatief',
  realistisch: 'critRealistisch',
  duidelijk: 'critDuidelijk',
});

/**
 * A criterion's name in the reader's language (the host's own words as typed).
 * @param {Criterion} criterion
 */
export function criterionName(criterion) {
  const key = criterion.key && criterion.key in BUILTIN ? BUILTIN[/** @type {keyof typeof BUILTIN} */ (criterion.key)] : null;
  return key ? ps(key) : criterion.name;
}

/**
 * A team's name (a team dissolved since is still named by its number).
 * @param {TeamsView} teams
 * @param {number} id
 */
export function teamName(teams, id) {
  return teams.teams.find((t) => t.id === id)?.name ?? `Team ${id}`;
}

/**
 * A mean of stars with one decimal, in the reader's notation (3,5 in Dutch).
 * @param {number} mean
 */
export function mean(mean) {
  return mean.toLocaleString(getLang() === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * "n ratings" in a sentence.
 * @param {number} n
 */
export function ratingCount(n) {
  return n === 0 ? ps('noRatings') : n === 1 ? ps('ratingsOne') : ps('ratings', { n });
}
