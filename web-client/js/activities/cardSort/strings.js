// The card-sort's words, in English and Dutch, and its default cards and columns: the effect
// cards of the co-creation sessions' evaluation (`shared/context`: students placed statement
// cards, grouped by effect, positive and negative, on the four sessions of the timeline).

import { getLang, strings } from '../../i18n.js';

export const cs = strings({
  en: {
    kind: 'Card-sort',
    summary: '{cards} cards on {columns} columns, floor {n}',
    summaryLive: 'heatmap live',
    phaseOpen: 'Sorting',
    phaseClosed: 'Closed',
    phaseRevealed: 'Heatmap shown',
    startsSoon: 'The card-sort starts soon. Wait for the teacher.',
    howTo: 'Tap a card, then the column where it fits. You can move a card until the sort closes.',
    pickCard: 'Tap a card first',
    whereFits: 'Where does this card fit?',
    takeBack: 'Take back',
    placedOf: '{n} of {of} cards placed',
    skip: 'Skip the card-sort',
    skipped: 'You skipped the card-sort. Tap a card to place it after all.',
    closed: 'The card-sort has closed. Thank you!',
    yours: 'yours',
    notPlaced: 'not placed',
    positive: 'positive',
    negative: 'negative',
    sorted: '{n} sorting',
    screenCall: 'Place the cards on your phone',
    screenHidden: 'The heatmap comes at the reveal.',
    screenClosed: 'The card-sort has closed',
    comingUp: 'Card-sort: place statement cards on the columns on your phone.',
    floorNote: 'A cell with fewer than {n} cards shows no number.',
    heatmapLabel: 'Heatmap: how many placed each card in each column',
    hidden: 'fewer than {n}',
    card: 'Card',
    open: 'Open the card-sort',
    close: 'Close the card-sort',
    reveal: 'Show the heatmap',
    hostHeatmap: 'The heatmap so far (only you see this)',
    editorNew: 'New card-sort',
    editorEdit: 'Edit card-sort',
    title: 'Title',
    titleDefault: 'Where does each card fit?',
    columns: 'Columns',
    column: 'Column {n}',
    presetSessions: 'Sessions 1–4',
    presetRoomSessions: "This room's sessions",
    presetFits: 'Fits me / does not fit',
    sessionN: 'Session {n}',
    fitsMe: 'Fits me',
    fitsNot: 'Does not fit',
    addColumn: 'Add a column',
    cards: 'Cards',
    cardText: 'Card {n}',
    cardGroup: 'Effect of card {n}',
    cardPositive: 'positive',
    addCard: 'Add a card',
    defaultCards: 'Use the default cards',
    remove: 'Remove',
    floor: 'Privacy floor: fewest cards a cell needs to show its number (2–10)',
    live: 'Show the heatmap live (otherwise only at the reveal; live, a watcher can tie a tap to a cell)',
    errColumns: 'Give 2 to 8 columns with different names.',
    errCards: 'Give 1 to 30 cards, each with a text and an effect.',
    errFloor: 'The privacy floor is 2 to 10.',
  },
  nl: {
    kind: 'Kaartsortering',
    summary: '{cards} kaarten op {columns} kolommen, drempel {n}',
    summaryLive: 'heatmap live',
    phaseOpen: 'Sorteren',
    phaseClosed: 'Gesloten',
    phaseRevealed: 'Heatmap getoond',
    startsSoon: 'De kaartsortering begint zo. Wacht op de docent.',
    howTo: 'Tik een kaart en dan de kolom waar hij past. Je kunt een kaart verplaatsen tot het sorteren sluit.',
    pickCard: 'Tik eerst een kaart',
    whereFits: 'Waar past deze kaart?',
    takeBack: 'Terugpakken',
    placedOf: '{n} van {of} kaarten gelegd',
    skip: 'Sla de kaartsortering over',
    skipped: 'Je hebt de kaartsortering overgeslagen. Tik een kaart om hem toch te leggen.',
    closed: 'Het sorteren is gesloten. Bedankt!',
    yours: 'jij',
    notPlaced: 'niet gelegd',
    positive: 'positief',
    negative: 'negatief',
    sorted: '{n} aan het sorteren',
    screenCall: 'Leg de kaarten op je telefoon',
    screenHidden: 'De heatmap komt bij het onthullen.',
    screenClosed: 'Het sorteren is gesloten',
    comingUp: 'Kaartsortering: leg op je telefoon uitspraken bij de kolommen.',
    floorNote: 'Een vak met minder dan {n} kaarten toont geen getal.',
    heatmapLabel: 'Heatmap: hoe vaak elke kaart in elke kolom ligt',
    hidden: 'minder dan {n}',
    card: 'Kaart',
    open: 'Open de kaartsortering',
    close: 'Sluit het sorteren',
    reveal: 'Laat de heatmap zien',
    hostHeatmap: 'De heatmap tot nu toe (alleen jij ziet dit)',
    editorNew: 'Nieuwe kaartsortering',
    editorEdit: 'Kaartsortering aanpassen',
    title: 'Titel',
    titleDefault: 'Waar past elke kaart?',
    columns: 'Kolommen',
    column: 'Kolom {n}',
    presetSessions: 'Sessie 1–4',
    presetRoomSessions: 'De sessies van deze kamer',
    presetFits: 'Past bij mij / past niet',
    sessionN: 'Sessie {n}',
    fitsMe: 'Past bij mij',
    fitsNot: 'Past niet',
    addColumn: 'Kolom toevoegen',
    cards: 'Kaarten',
    cardText: 'Kaart {n}',
    cardGroup: 'Effect van kaart {n}',
    cardPositive: 'positief',
    addCard: 'Kaart toevoegen',
    defaultCards: 'Gebruik de standaardkaarten',
    remove: 'Weghalen',
    floor: 'Privacydrempel: minste kaarten in een vak voordat het getal te zien is (2–10)',
    live: 'Laat de heatmap live zien (anders pas bij het onthullen; live kan wie meekijkt een tik aan een vak koppelen)',
    errColumns: 'Geef 2 tot 8 kolommen met verschillende namen.',
    errCards: 'Geef 1 tot 30 kaarten, elk met tekst en een effect.',
    errFloor: 'De privacydrempel is 2 tot 10.',
  },
});

/** @typedef {import('../../../gen/SortCard').SortCard} SortCard */

/**
 * The default cards, per effect group, positive ones first: the statements students placed on
 * the sessions' timeline in the evaluation of the co-creation sessions.
 * @type {{ [lang: string]: [string, [string, boolean][]][] }}
 */
const DEFAULT_CARDS = {
  nl: [
    ['Gezien en gehoord', [
      ['Ik werd gezien en gehoord', true],
      ['Er werd echt naar mij geluisterd', true],
      ['Ik voelde me niet gehoord', false],
    ]],
    ['Invloed en meebeslissen', [
      ['Mijn mening telde', true],
      ['Ik mocht meebeslissen', true],
      ['Er werd over mij beslist, niet met mij', false],
    ]],
    ['Verbinding', [
      ['Ik voelde me verbonden met de groep', true],
      ['Ik zag de docent van een andere kant', true],
      ['Dit voelde ongemakkelijk', false],
      ['Ik haakte af', false],
    ]],
  ],
  en: [
    ['Seen and heard', [
      ['I was seen and heard', true],
      ['People really listened to me', true],
      ['I did not feel heard', false],
    ]],
    ['Influence and a say', [
      ['My opinion counted', true],
      ['I had a say in what we did', true],
      ['Things were decided about me, not with me', false],
    ]],
    ['Connection', [
      ['I felt connected to the group', true],
      ['I saw the teacher from another side', true],
      ['This felt uncomfortable', false],
      ['I checked out', false],
    ]],
  ],
};

/**
 * The default cards in the page's language.
 * @returns {SortCard[]}
 */
export function defaultCards() {
  const groups = DEFAULT_CARDS[getLang()] ?? DEFAULT_CARDS.en;
  return groups.flatMap(([group, cards]) => cards.map(([text, positive]) => ({ text, group, positive })));
}

/**
 * The default columns: the room's sessions when it has at least 2 (each one's title, its date
 * when untitled, else "Sessie N"; the last 8, as the server does for a template's card-sort),
 * else the four sessions of the co-creation timeline.
 * @param {import('../../../gen/SessionInfo').SessionInfo[]} [sessions]
 * @returns {string[]}
 */
export function sessionColumns(sessions = []) {
  if (sessions.length < 2) return [1, 2, 3, 4].map((n) => cs('sessionN', { n }));
  const skip = Math.max(0, sessions.length - 8);
  /** @type {string[]} */
  const columns = [];
  sessions.slice(skip).forEach((s, i) => {
    const n = skip + i + 1;
    let name = [...(s.title.trim() || s.date || cs('sessionN', { n }))].slice(0, 40).join('');
    if (columns.some((c) => c.trim().toLowerCase() === name.trim().toLowerCase())) {
      const suffix = ` (${n})`;
      name = [...name].slice(0, 40 - suffix.length).join('') + suffix;
    }
    columns.push(name);
  });
  return columns;
}

/**
 * The "fits me / does not fit" preset.
 * @returns {string[]}
 */
export function fitsColumns() {
  return [cs('fitsMe'), cs('fitsNot')];
}
