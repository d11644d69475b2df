// Dutch and English strings for every page, and for every error code of the protocol.
//
// The language follows the browser (nl* → Dutch, anything else → English) until the user picks
// one with the NL/EN toggle; the choice is kept in localStorage `kring.lang`. Pages register a
// render function with `onLangChange` and re-render when the language switches.

/** @typedef {import('../gen/Lang').Lang} Lang */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */

const en = {
  // shared
  connecting: 'Connecting…',
  reconnecting: 'Connection lost — reconnecting…',
  roomCode: 'Room code',
  quiz: 'Quiz',
  question: 'Question',
  questionOf: 'Question {n} of {total}',
  leaderboard: 'Leaderboard',
  podium: 'Podium',
  correctAnswer: 'Correct answer',
  versionTitle: 'Kring was updated',
  versionText: 'This page is out of date. Reload it to continue.',
  reload: 'Reload',
  connectionRefused: 'The server refused the connection.',
  organiserKey: 'Organiser key',
  organiserKeyHint: 'This server creates rooms only with its organiser key. Ask whoever runs it; this browser remembers it.',
  joinBusy: 'Many people are joining at once — trying again in a moment…',
  langLabel: 'Language',
  // phone
  phoneTitle: 'Kring — join',
  joinHeading: 'Join a room',
  nickname: 'Nickname',
  generateName: 'Generate a name for me',
  join: 'Join',
  joining: 'Joining…',
  badCode: 'A room code has 6 letters and digits, like K7PX3M.',
  sessionExpired: 'Your session is no longer valid. Please join again.',
  joinInappropriate: 'That nickname is not allowed here. Choose another one.',
  joinBlank: 'A nickname needs letters you can see: not only spaces or invisible characters.',
  joinTooLong: 'That nickname is too long. A nickname has 1 to 24 characters.',
  points: '{n} pts',
  welcomeName: 'Welcome, {name}!',
  waitForTeacher: 'You are in. Wait for the teacher to start.',
  unknownActivity: 'This activity is not supported on this page yet. Try reloading.',
  quizStartsSoon: 'The quiz starts soon. Wait for the teacher.',
  tapAnswer: 'Tap your answer.',
  timeUp: 'Time is up.',
  noAnswer: 'No answer',
  correct: 'Correct!',
  wrong: 'Wrong',
  plusPoints: '+{n} points',
  totalPoints: 'Your score: {n}',
  yourRank: 'You are number {n}',
  teamRank: 'Your team is number {n} ({points} points)',
  quizOver: 'The quiz is over!',
  waitNextQuestion: 'Wait for the next question.',
  thanks: 'Thanks for playing!',
  removedTitle: 'You were removed',
  removedText: 'The host removed you from this room.',
  replacedTitle: 'Open somewhere else',
  replacedText: 'You opened Kring in another tab or on another device. Only one can be active.',
  useHere: 'Use here',
  roomClosed: 'This room no longer exists: the host has deleted it.',
  // host
  hostTitle: 'Kring — host console',
  hostConsole: 'Host console',
  myRooms: 'My rooms',
  createRoom: 'Create a room',
  roomTitle: 'Room title (class and period)',
  roomTitlePlaceholder: 'e.g. MZ2B — period 2',
  create: 'Create room',
  noRoomsYet: 'You have not created any rooms in this browser yet.',
  open: 'Open',
  forget: 'Forget',
  errRoomTitle: 'Give the room a title.',
  networkError: 'Could not reach the server. Check the connection and try again.',
  httpError: 'The server answered with error {n}.',
  noKeyFor: 'This browser has no host key for room {code}. Open the host link you received when creating it.',
  badHostKeyFor: 'The host key for room {code} is not valid.',
  roomGone: 'Room {code} does not exist (any more).',
  hostReplaced: 'Room {code} was opened in another tab or browser; this one stopped. Open it again below to use it here.',
  joinAt: 'Students join at',
  openProjector: 'Open projector view',
  participants: 'Participants',
  onlineCount: '{n} online',
  nobodyYet: 'Nobody has joined yet.',
  online: 'online',
  offline: 'offline',
  remove: 'Remove',
  confirmRemove: 'Really remove?',
  dismiss: 'Dismiss',
  nowShowing: 'Now showing',
  roomLobby: 'The lobby (no activity). Make an activity current in the agenda.',
  coLobby: 'The lobby (no activity). When the teacher starts one, what you can moderate shows here.',
  startQuestion: 'Start question {n}',
  closeQuestion: 'Close question',
  showLeaderboard: 'Show leaderboard',
  showPodium: 'Show podium',
  backToLobby: 'Back to lobby',
  runBeside: 'Run beside',
  besideStop: 'Stop running beside',
  besideBadge: 'beside',
  answered: 'Answered',
  jumpToQuestion: 'Start another question',
  phaseLobby: 'Waiting to start',
  phaseQuestion: 'Question {n} of {total} is open',
  phaseReveal: 'Answers to question {n} of {total}',
  agenda: 'Agenda',
  agendaEmpty: 'No activities yet. Build a quiz below or import one.',
  questionsCount: '({n} questions)',
  questionsCountOne: '(1 question)',
  current: 'current',
  started: 'started',
  voided: '{n} voided',
  voidedTitle: 'Responses of removed participants (dots, votes, ratings, likes) no longer count in the results',
  makeCurrent: 'Make current',
  edit: 'Edit',
  importQuiz: 'Import a quiz (JSON or CSV file)',
  importHint: 'JSON: a quiz (title, noRanking, questions). CSV: a header row with question, option1 … option6, correct (option numbers, several joined with |), time_limit and type (one or all); separator , or ;. The title comes from the file (title), else from its name; you can change it afterwards.',
  importNotJson: 'This file is not valid JSON.',
  importFailed: 'Import failed:',
  imported: 'Imported {name}.',
  newQuiz: 'New quiz',
  editQuiz: 'Edit quiz',
  quizTitle: 'Quiz title',
  noRanking: 'No ranking (show no names or scores)',
  noRankingHint: 'Safe mode: the projector shows only the class’s answers.',
  teamMode: 'Team mode (also score the teams)',
  teamModeHint: 'A team’s points per question are the mean of its members who were in the room when the question opened, so team sizes do not matter.',
  questionN: 'Question {n}',
  questionText: 'Question',
  optionN: 'Option {n}',
  correctOption: 'correct',
  removeOption: 'Remove option',
  addOption: 'Add option',
  timeLimit: 'Seconds',
  removeQuestion: 'Remove question',
  addQuestion: 'Add question',
  saveQuiz: 'Save quiz',
  saveChanges: 'Save changes',
  cancel: 'Cancel',
  activitySaved: 'Saved to the agenda.',
  newActivity: 'New activity:',
  changesSaved: 'Changes saved.',
  errTitle: 'Give the quiz a title.',
  errQuestionText: 'Question {n}: type the question.',
  errOptions: 'Question {n}: fill in at least 2 options.',
  errCorrect: 'Question {n}: mark at least one option as correct.',
  errCorrectBlank: 'Question {n}: an empty option is marked correct.',
  errTime: 'Question {n}: the time limit is 5 to 600 seconds.',
  // host: my rooms, export, delete
  createdOn: 'created {date}',
  participantsCount: '{n} participants',
  participantsCountOne: '1 participant',
  activitiesCount: '{n} activities',
  activitiesCountOne: '1 activity',
  roomChecking: 'checking…',
  roomGoneBadge: 'no longer on the server',
  roomBadKeyBadge: 'host key not valid',
  roomUnreachable: 'server not reachable',
  confirmForget: 'Really forget?',
  forgetHint: 'This browser then forgets the host key. The room itself stays on the server.',
  exportHeading: 'Export',
  exportHint: 'Download the results of this room. The CSV files open in Excel.',
  exportJson: 'Results (JSON)',
  exportCsv: 'All responses (CSV, Excel)',
  exportActivityCsv: 'CSV',
  exportActivityCsvLabel: 'Responses to “{title}” as CSV',
  reportMd: 'Report (Markdown)',
  reportHtml: 'Report (print/PDF)',
  exportBusy: 'Preparing…',
  exportFailed: 'Download failed:',
  downloaded: 'Downloaded {name}.',
  reportLoading: 'Loading the report…',
  popupBlocked: 'The browser blocked the new tab. Allow pop-ups for this site and try again.',
  deleteHeading: 'Delete room',
  deleteHint: 'Deletes this room with all participants, answers and results, for good. Phones in the room are sent back to the join page. Download what you want to keep first.',
  deleteRoom: 'Delete room…',
  deleteTypeCode: 'Type the room code {code} to confirm',
  deleteForGood: 'Delete for good',
  deleteFailed: 'Deleting failed:',
  roomDeleted: 'Room {code} was deleted.',
  // screen
  screenTitle: 'Kring — projector',
  show: 'Show',
  roomNotFoundCode: 'Room {code} was not found.',
  comingUp: 'Coming up',
  quizComingUp: 'Answer the questions on your phone: right and fast scores most.',
  goTo: 'Go to',
  enterCode: 'and enter the code',
  joinedCount: '{n} joined',
  joinedCountOne: '1 joined',
  qrAlt: 'QR code for {url}',
  answeredOf: 'answered {n}/{of}',
  wellDone: 'Well done, everyone!',
  classResults: 'How the class did',
  correctCount: 'Correct',
  answeredCount: 'Answered',
  // presenter mode and the projector's chrome
  openPresenter: 'Present',
  coHeading: 'Co-facilitator',
  coHint: 'Give this link to a colleague who helps you moderate: they can approve, hide, pin, correct and merge cards, veto team names, hide tips and rename students. When you hand over the lead, they run the session and you moderate; you can take the lead back at any time. They cannot export or delete the room. Students never see the link.',
  coCopy: 'Copy link',
  coCopied: 'Copied',
  presenterHint: 'Opens the projector view with a control bar: PageDown or → next, PageUp or ← back, B blank, F full screen (presentation clickers work too). Keep this console open in this browser: it does the work, and it never shows on the big screen.',
  presenterNext: 'Next',
  presenterBack: 'Back',
  presenterBlank: 'Blank',
  presenterOffline: 'Open the teacher console in this browser to drive from here.',
  presenterDone: 'Nothing more to do here',
  fullscreen: 'Full screen',
  exitFullscreen: 'Leave full screen',
  nextActivity: 'Next activity: {title}',
  roomTab: 'Exports & room',
  consolePanels: 'Console panels',
  // quiz
  selectAll: 'Select all that apply',
  tickAll: 'Tick every right answer, then tap Submit.',
  submitAnswer: 'Submit',
  submitCount: 'Submit ({n})',
  peekAnswer: 'Peek at the answer',
  hidePeek: 'Hide the answer',
  answerHidden: 'The correct answer stays hidden while the question is open, in case the class can see this screen.',
  showResults: 'Show the results',
  results: 'Results',
  answerMode: 'How students answer',
  modeOne: 'One answer (one tap)',
  modeAll: 'Select all that apply',
  modeOneHint: 'With several options marked correct, any one of them counts as right.',
  modeAllHint: 'Students tick options and submit. Right only when exactly the correct options are ticked (no more, no fewer); points as for one answer, faster is more.',
  notAsked: 'not asked',
  importedRename: 'Imported {name} as “{title}”. Check the title below and save.',
  // sessions
  sessionDefault: 'Session {n}',
  sessionAdd: 'Add a session',
  sessionTitle: 'Title of the session',
  sessionTitleHint: 'Empty: “Session {n}”.',
  sessionDate: 'Date',
  sessionSave: 'Save session',
  sessionEdit: 'Rename or date',
  sessionRemove: 'Remove session',
  sessionConfirmRemove: 'Remove this session and its activities?',
  sessionEmpty: 'No activities in this session yet.',
  sessionRunning: 'running',
  sessionOpen: 'Show {title}',
  sessionClose: 'Hide {title}',
  sessionCount: 'activities: {n}',
  sessionAddHere: 'Add an activity here',
  sessionTotal: 'Session: {actual} / {planned} min',
  sessionTotalNoPlan: 'Session: {actual}',
  addTo: 'Add to',
  moveUp: 'Move {title} up',
  moveDown: 'Move {title} down',
  moveTo: 'Move to another session',
  moveToLabel: 'Move {title} to another session',
  duplicate: 'Duplicate',
  duplicateLabel: 'Duplicate {title} (its settings, not its results)',
  planned: 'Planned minutes',
  plannedLabel: 'Planned minutes for {title}',
  plannedOf: '{actual} / {planned} min',
  plannedOver: 'over the planned time',
  reportSession: 'Report of {name}',
  plannedInvalid: 'Planned minutes are a whole number from 1 to {max}.',
  confirmRemoveResults: 'Really remove, with its results?',
};

/** @typedef {keyof typeof en} Key */

/** @type {Record<Key, string>} */
const nl = {
  connecting: 'Verbinden…',
  reconnecting: 'Verbinding verbroken — opnieuw verbinden…',
  roomCode: 'Kamercode',
  quiz: 'Quiz',
  question: 'Vraag',
  questionOf: 'Vraag {n} van {total}',
  leaderboard: 'Tussenstand',
  podium: 'Podium',
  correctAnswer: 'Goed antwoord',
  versionTitle: 'Kring is bijgewerkt',
  versionText: 'Deze pagina is verouderd. Laad haar opnieuw om verder te gaan.',
  reload: 'Opnieuw laden',
  connectionRefused: 'De server weigerde de verbinding.',
  organiserKey: 'Sleutel om kamers te maken',
  organiserKeyHint: 'Deze server maakt alleen kamers met zijn sleutel. Vraag hem aan wie de server beheert; deze browser onthoudt hem.',
  joinBusy: 'Er doen veel mensen tegelijk mee — zo meteen opnieuw proberen…',
  langLabel: 'Taal',
  phoneTitle: 'Kring — meedoen',
  joinHeading: 'Doe mee',
  nickname: 'Bijnaam',
  generateName: 'Verzin een naam voor mij',
  join: 'Meedoen',
  joining: 'Bezig met meedoen…',
  badCode: 'Een kamercode heeft 6 letters en cijfers, zoals K7PX3M.',
  sessionExpired: 'Je sessie is niet meer geldig. Doe opnieuw mee.',
  joinInappropriate: 'Die bijnaam mag hier niet. Kies een andere.',
  joinBlank: 'Een bijnaam heeft letters nodig die je kunt zien: niet alleen spaties of onzichtbare tekens.',
  joinTooLong: 'Die bijnaam is te lang. Een bijnaam heeft 1 tot 24 tekens.',
  points: '{n} ptn',
  welcomeName: 'Welkom, {name}!',
  waitForTeacher: 'Je doet mee. Wacht tot de docent begint.',
  unknownActivity: 'Deze activiteit werkt nog niet op deze pagina. Laad de pagina opnieuw.',
  quizStartsSoon: 'De quiz begint zo. Wacht op de docent.',
  tapAnswer: 'Tik op je antwoord.',
  timeUp: 'De tijd is om.',
  noAnswer: 'Geen antwoord',
  correct: 'Goed!',
  wrong: 'Fout',
  plusPoints: '+{n} punten',
  totalPoints: 'Jouw score: {n}',
  yourRank: 'Je staat op plek {n}',
  teamRank: 'Jullie team staat op plek {n} ({points} punten)',
  quizOver: 'De quiz is afgelopen!',
  waitNextQuestion: 'Wacht op de volgende vraag.',
  thanks: 'Bedankt voor het meespelen!',
  removedTitle: 'Je bent verwijderd',
  removedText: 'De docent heeft je uit deze kamer verwijderd.',
  replacedTitle: 'Ergens anders geopend',
  replacedText: 'Je hebt Kring in een ander tabblad of op een ander apparaat geopend. Er kan er maar één actief zijn.',
  useHere: 'Hier gebruiken',
  roomClosed: 'Deze kamer bestaat niet meer: de docent heeft hem verwijderd.',
  hostTitle: 'Kring — docent',
  hostConsole: 'Docentenscherm',
  myRooms: 'Mijn kamers',
  createRoom: 'Maak een kamer',
  roomTitle: 'Naam van de kamer (klas en periode)',
  roomTitlePlaceholder: 'bv. MZ2B — periode 2',
  create: 'Kamer maken',
  noRoomsYet: 'Je hebt in deze browser nog geen kamers gemaakt.',
  open: 'Openen',
  forget: 'Vergeten',
  errRoomTitle: 'Geef de kamer een naam.',
  networkError: 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
  httpError: 'De server gaf foutcode {n}.',
  noKeyFor: 'Deze browser heeft geen docentsleutel voor kamer {code}. Open de docentlink die je kreeg bij het maken.',
  badHostKeyFor: 'De docentsleutel voor kamer {code} is ongeldig.',
  roomGone: 'Kamer {code} bestaat niet (meer).',
  hostReplaced: 'Kamer {code} is in een ander tabblad of een andere browser geopend; deze is gestopt. Open hem hieronder opnieuw om hier verder te gaan.',
  joinAt: 'Studenten doen mee via',
  openProjector: 'Beamerscherm openen',
  participants: 'Deelnemers',
  onlineCount: '{n} online',
  nobodyYet: 'Er doet nog niemand mee.',
  online: 'online',
  offline: 'offline',
  remove: 'Verwijderen',
  confirmRemove: 'Echt verwijderen?',
  dismiss: 'Sluiten',
  nowShowing: 'Nu te zien',
  roomLobby: 'Het wachtscherm (geen activiteit). Zet een activiteit klaar in de agenda.',
  coLobby: 'Het wachtscherm (geen activiteit). Zodra de docent er een start, zie je hier wat je kunt modereren.',
  startQuestion: 'Start vraag {n}',
  closeQuestion: 'Vraag sluiten',
  showLeaderboard: 'Tussenstand tonen',
  showPodium: 'Podium tonen',
  backToLobby: 'Terug naar het wachtscherm',
  runBeside: 'Ernaast laten lopen',
  besideStop: 'Niet meer ernaast',
  besideBadge: 'ernaast',
  answered: 'Beantwoord',
  jumpToQuestion: 'Een andere vraag starten',
  phaseLobby: 'Wacht op de start',
  phaseQuestion: 'Vraag {n} van {total} staat open',
  phaseReveal: 'Antwoorden op vraag {n} van {total}',
  agenda: 'Agenda',
  agendaEmpty: 'Nog geen activiteiten. Maak hieronder een quiz of importeer er een.',
  questionsCount: '({n} vragen)',
  questionsCountOne: '(1 vraag)',
  current: 'nu actief',
  started: 'gestart',
  voided: '{n} geschrapt',
  voidedTitle: 'Antwoorden van verwijderde deelnemers (stickers, stemmen, beoordelingen, likes) tellen niet meer mee in de uitslag',
  makeCurrent: 'Nu tonen',
  edit: 'Bewerken',
  importQuiz: 'Quiz importeren (JSON- of CSV-bestand)',
  importHint: 'JSON: een quiz (title, noRanking, questions). CSV: een kopregel met vraag, optie1 … optie6, juist (nummers van de goede antwoorden, meerdere met |), tijd en soort (een of alle); scheidingsteken , of ;. De titel komt uit het bestand (titel), anders uit de bestandsnaam; je kunt hem daarna aanpassen.',
  importNotJson: 'Dit bestand is geen geldige JSON.',
  importFailed: 'Importeren mislukt:',
  imported: '{name} geïmporteerd.',
  newQuiz: 'Nieuwe quiz',
  editQuiz: 'Quiz bewerken',
  quizTitle: 'Titel van de quiz',
  noRanking: 'Geen ranglijst (geen namen of scores tonen)',
  noRankingHint: 'Veilige modus: het scherm toont alleen de antwoorden van de klas.',
  teamMode: 'Teamstand (ook de teams scoren)',
  teamModeHint: 'De punten van een team per vraag zijn het gemiddelde van de leden die er waren toen de vraag begon; de teamgrootte maakt dus niet uit.',
  questionN: 'Vraag {n}',
  questionText: 'Vraag',
  optionN: 'Antwoord {n}',
  correctOption: 'goed',
  removeOption: 'Antwoord verwijderen',
  addOption: 'Antwoord toevoegen',
  timeLimit: 'Seconden',
  removeQuestion: 'Vraag verwijderen',
  addQuestion: 'Vraag toevoegen',
  saveQuiz: 'Quiz opslaan',
  saveChanges: 'Wijzigingen opslaan',
  cancel: 'Annuleren',
  activitySaved: 'Toegevoegd aan de agenda.',
  newActivity: 'Nieuwe activiteit:',
  changesSaved: 'Wijzigingen opgeslagen.',
  errTitle: 'Geef de quiz een titel.',
  errQuestionText: 'Vraag {n}: typ de vraag.',
  errOptions: 'Vraag {n}: vul minstens 2 antwoorden in.',
  errCorrect: 'Vraag {n}: vink minstens één goed antwoord aan.',
  errCorrectBlank: 'Vraag {n}: een leeg antwoord is als goed aangevinkt.',
  errTime: 'Vraag {n}: de tijd is 5 tot 600 seconden.',
  createdOn: 'gemaakt op {date}',
  participantsCount: '{n} deelnemers',
  participantsCountOne: '1 deelnemer',
  activitiesCount: '{n} activiteiten',
  activitiesCountOne: '1 activiteit',
  roomChecking: 'controleren…',
  roomGoneBadge: 'niet meer op de server',
  roomBadKeyBadge: 'docentsleutel ongeldig',
  roomUnreachable: 'server niet bereikbaar',
  confirmForget: 'Echt vergeten?',
  forgetHint: 'Deze browser vergeet dan de docentsleutel. De kamer zelf blijft op de server.',
  exportHeading: 'Exporteren',
  exportHint: 'Download de resultaten van deze kamer. De CSV-bestanden openen in Excel.',
  exportJson: 'Resultaten (JSON)',
  exportCsv: 'Alle antwoorden (CSV, Excel)',
  exportActivityCsv: 'CSV',
  exportActivityCsvLabel: 'Antwoorden op „{title}” als CSV',
  reportMd: 'Verslag (Markdown)',
  reportHtml: 'Verslag (afdrukken/PDF)',
  exportBusy: 'Bezig…',
  exportFailed: 'Downloaden mislukt:',
  downloaded: '{name} gedownload.',
  reportLoading: 'Verslag laden…',
  popupBlocked: 'De browser blokkeerde het nieuwe tabblad. Sta pop-ups toe voor deze site en probeer het opnieuw.',
  deleteHeading: 'Kamer verwijderen',
  deleteHint: 'Verwijdert deze kamer met alle deelnemers, antwoorden en resultaten, definitief. Telefoons in de kamer gaan terug naar het meedoen-scherm. Download eerst wat je wilt bewaren.',
  deleteRoom: 'Kamer verwijderen…',
  deleteTypeCode: 'Typ de kamercode {code} ter bevestiging',
  deleteForGood: 'Definitief verwijderen',
  deleteFailed: 'Verwijderen mislukt:',
  roomDeleted: 'Kamer {code} is verwijderd.',
  screenTitle: 'Kring — beamer',
  show: 'Tonen',
  roomNotFoundCode: 'Kamer {code} is niet gevonden.',
  comingUp: 'Zo meteen',
  quizComingUp: 'Beantwoord de vragen op je telefoon: goed en snel levert de meeste punten op.',
  goTo: 'Ga naar',
  enterCode: 'en vul de code in',
  joinedCount: '{n} doen mee',
  joinedCountOne: '1 doet mee',
  qrAlt: 'QR-code voor {url}',
  answeredOf: 'beantwoord {n}/{of}',
  wellDone: 'Goed gedaan, allemaal!',
  classResults: 'Zo deed de klas het',
  correctCount: 'Goed',
  answeredCount: 'Beantwoord',
  openPresenter: 'Presenteren',
  coHeading: 'Mededocent',
  coHint: 'Geef deze link aan een collega die helpt modereren: die kan kaartjes goedkeuren, verbergen, vastzetten, verbeteren en samenvoegen, teamnamen weigeren, tips verbergen en studenten hernoemen. Geef je het stuur over, dan leidt je collega de sessie en modereer jij; je kunt de leiding altijd terugnemen. Exporteren of de kamer verwijderen kan je collega niet. Studenten zien de link nooit.',
  coCopy: 'Link kopiëren',
  coCopied: 'Gekopieerd',
  presenterHint: 'Opent het beamerscherm met een bedieningsbalk: PageDown of → verder, PageUp of ← terug, B zwart scherm, F volledig scherm (een presentatieklikker werkt ook). Laat dit docentenscherm in deze browser open: het doet het werk en komt nooit op de beamer.',
  presenterNext: 'Verder',
  presenterBack: 'Terug',
  presenterBlank: 'Zwart',
  presenterOffline: 'Open het docentenscherm in deze browser om van hieruit te bedienen.',
  presenterDone: 'Hier is niets meer te doen',
  fullscreen: 'Volledig scherm',
  exitFullscreen: 'Volledig scherm uit',
  nextActivity: 'Volgende activiteit: {title}',
  roomTab: 'Export & kamer',
  consolePanels: 'Onderdelen van het docentenscherm',
  selectAll: 'Kies alle goede antwoorden',
  tickAll: 'Vink alle goede antwoorden aan en tik op Versturen.',
  submitAnswer: 'Versturen',
  submitCount: 'Versturen ({n})',
  peekAnswer: 'Goed antwoord bekijken',
  hidePeek: 'Goed antwoord verbergen',
  answerHidden: 'Het goede antwoord blijft verborgen zolang de vraag openstaat, voor het geval de klas dit scherm ziet.',
  showResults: 'Resultaten tonen',
  results: 'Resultaten',
  answerMode: 'Zo antwoorden studenten',
  modeOne: 'Eén antwoord (één tik)',
  modeAll: 'Alle goede antwoorden aanvinken',
  modeOneHint: 'Staan er meer antwoorden als goed aangevinkt, dan telt elk daarvan als goed.',
  modeAllHint: 'Studenten vinken antwoorden aan en versturen. Alleen goed als precies de goede antwoorden zijn aangevinkt (niet meer, niet minder); punten zoals bij één antwoord, sneller is meer.',
  notAsked: 'niet gesteld',
  importedRename: '{name} is geïmporteerd als „{title}”. Controleer hieronder de titel en sla op.',
  sessionDefault: 'Sessie {n}',
  sessionAdd: 'Sessie toevoegen',
  sessionTitle: 'Titel van de sessie',
  sessionTitleHint: 'Leeg: „Sessie {n}”.',
  sessionDate: 'Datum',
  sessionSave: 'Sessie opslaan',
  sessionEdit: 'Naam of datum',
  sessionRemove: 'Sessie verwijderen',
  sessionConfirmRemove: 'Deze sessie en haar activiteiten verwijderen?',
  sessionEmpty: 'Nog geen activiteiten in deze sessie.',
  sessionRunning: 'bezig',
  sessionOpen: '{title} tonen',
  sessionClose: '{title} verbergen',
  sessionCount: 'activiteiten: {n}',
  sessionAddHere: 'Hier een activiteit toevoegen',
  sessionTotal: 'Sessie: {actual} / {planned} min',
  sessionTotalNoPlan: 'Sessie: {actual}',
  addTo: 'Toevoegen aan',
  moveUp: '{title} omhoog',
  moveDown: '{title} omlaag',
  moveTo: 'Naar andere sessie',
  moveToLabel: '{title} naar een andere sessie',
  duplicate: 'Kopiëren',
  duplicateLabel: '{title} kopiëren (de instellingen, niet de resultaten)',
  planned: 'Geplande minuten',
  plannedLabel: 'Geplande minuten voor {title}',
  plannedOf: '{actual} / {planned} min',
  plannedOver: 'langer dan gepland',
  reportSession: 'Verslag van {name}',
  plannedInvalid: 'Geplande minuten: een heel getal van 1 tot {max}.',
  confirmRemoveResults: 'Echt verwijderen, met de resultaten?',
};

/** Messages for every protocol error code. */
/** @type {Record<Lang, Record<ErrorCode, string>>} */
const errors = {
  en: {
    badMessage: 'The server did not understand the message. Reload the page.',
    unknownType: 'The server does not know this kind of message. Reload the page.',
    protocolVersion: 'Kring was updated. Reload the page.',
    notJoined: 'Join the room first.',
    roomNotFound: 'There is no room with this code. Check the code.',
    badHostKey: 'The host key is not valid.',
    badToken: 'Your session is no longer valid. Please join again.',
    removed: 'The host removed you from this room.',
    roomFull: 'This room is full.',
    serverFull: 'The server is busy. Trying again shortly…',
    nicknameTaken: 'Someone in this room already has that nickname. Pick another one.',
    nicknameInvalid: 'A nickname has 1 to 24 characters. Pick another one.',
    inappropriate: 'That is not allowed here: please choose another name or other words.',
    blank: 'There is nothing to see: type letters, not only spaces or invisible characters.',
    roomLocked: 'The teacher has locked this room: nobody new can join now. Ask your teacher.',
    expectedSizeReached: 'This room is complete: everyone the teacher expects is in. Ask your teacher to make room.',
    forbidden: 'Only the host may do this.',
    notTheLead: 'The other console leads now: you can moderate. Ask for the wheel, or (as the organiser) take the lead back.',
    invalidTemplate: 'This template is not valid:',
    rateLimited: 'Slow down a little — try again in a moment.',
    tooManyRooms: 'This server holds as many rooms as it may. Delete old rooms first.',
    badOrganiserKey: 'Creating a room needs the organiser key of this server, and it is missing or wrong.',
    badOrigin: 'The server refused a request from another website.',
    unsupportedMediaType: 'The server cannot read this kind of file. Send JSON or CSV.',
    requestTimeout: 'That took too long. Check the connection and try again.',
    tooLarge: 'That is too long.',
    activityNotFound: 'This activity does not exist (any more).',
    wrongPhase: 'That is not possible right now.',
    questionClosed: 'Too late: the question is closed.',
    alreadyAnswered: 'You already answered this question.',
    invalidChoice: 'That choice does not exist.',
    invalidSpec: 'The activity is not valid:',
    noTeam: 'You are not in a team yet. Wait for the teacher.',
    otherTeam: 'That belongs to another team.',
    teamFull: 'That team is full. Pick another one.',
    limitReached: 'You have reached the limit.',
    tooLong: 'That is too long.',
    duplicate: 'That is there already.',
    vetoed: 'The teacher did not allow that one. Try another.',
    votingClosed: 'Voting has closed; your vote can no longer change.',
    wallClosed: 'The wall is closed; ideas and likes can no longer change.',
    likesOff: 'Likes are switched off for this wall.',
    ownIdea: 'That is your own idea: you can like other people’s ideas.',
    ownTeam: 'That is your own team’s option: put your dots on another one.',
    tooManyDots: 'You have no dots left: take one away first.',
    tooManyOnOption: 'That option has as many of your dots as it can take.',
    ownPitch: 'You cannot rate your own team’s pitch.',
    feedbackClosed: 'The feedback on this pitch is closed; your rating can no longer change.',
    topTipRequired: 'Leave a top and a tip.',
    teamNameTaken: 'Another team already has that name (or one that looks the same). Think of another one.',
    tiesOpen: 'Some teams still tie: choose how to settle each tie first.',
    sessionNotFound: 'This session does not exist (any more).',
    hasResults: 'This session holds an activity with results: move that one to another session first.',
    chairClosed: 'The empty chair of this activity is closed: its date has passed, or the teacher closed it.',
    internal: 'Something went wrong on the server. Nothing was changed; try again.',
  },
  nl: {
    badMessage: 'De server begreep het bericht niet. Laad de pagina opnieuw.',
    unknownType: 'De server kent dit soort bericht niet. Laad de pagina opnieuw.',
    protocolVersion: 'Kring is bijgewerkt. Laad de pagina opnieuw.',
    notJoined: 'Doe eerst mee met de kamer.',
    roomNotFound: 'Er is geen kamer met deze code. Controleer de code.',
    badHostKey: 'De docentsleutel is ongeldig.',
    badToken: 'Je sessie is niet meer geldig. Doe opnieuw mee.',
    removed: 'De docent heeft je uit deze kamer verwijderd.',
    roomFull: 'Deze kamer is vol.',
    serverFull: 'De server heeft het druk. Zo meteen opnieuw proberen…',
    nicknameTaken: 'Iemand in deze kamer heeft die bijnaam al. Kies een andere.',
    nicknameInvalid: 'Een bijnaam heeft 1 tot 24 tekens. Kies een andere.',
    inappropriate: 'Dat mag hier niet: kies een andere naam of andere woorden.',
    blank: 'Er is niets te zien: typ letters, niet alleen spaties of onzichtbare tekens.',
    roomLocked: 'De docent heeft deze kamer op slot gedaan: er kan nu niemand nieuw bij. Vraag het je docent.',
    expectedSizeReached: 'Deze kamer is compleet: iedereen die de docent verwacht is binnen. Vraag je docent om plek te maken.',
    forbidden: 'Alleen de docent mag dit doen.',
    notTheLead: 'De andere console leidt nu: jij kunt modereren. Vraag om het stuur, of neem als organisator de leiding terug.',
    invalidTemplate: 'Dit sjabloon klopt niet:',
    rateLimited: 'Rustig aan — probeer het zo nog eens.',
    tooManyRooms: 'Deze server heeft het maximale aantal kamers. Verwijder eerst oude kamers.',
    badOrganiserKey: 'Voor een nieuwe kamer is de sleutel van deze server nodig, en die ontbreekt of klopt niet.',
    badOrigin: 'De server weigerde een verzoek van een andere website.',
    unsupportedMediaType: 'De server kan dit soort bestand niet lezen. Stuur JSON of CSV.',
    requestTimeout: 'Dat duurde te lang. Controleer de verbinding en probeer het opnieuw.',
    tooLarge: 'Dat is te lang.',
    activityNotFound: 'Deze activiteit bestaat niet (meer).',
    wrongPhase: 'Dat kan nu niet.',
    questionClosed: 'Te laat: de vraag is gesloten.',
    alreadyAnswered: 'Je hebt deze vraag al beantwoord.',
    invalidChoice: 'Die keuze bestaat niet.',
    invalidSpec: 'De activiteit klopt niet:',
    noTeam: 'Je zit nog niet in een team. Wacht op de docent.',
    otherTeam: 'Dat hoort bij een ander team.',
    teamFull: 'Dat team is vol. Kies een ander team.',
    limitReached: 'Je hebt het maximum bereikt.',
    tooLong: 'Dat is te lang.',
    duplicate: 'Dat staat er al.',
    vetoed: 'De docent heeft die niet toegestaan. Probeer een andere.',
    votingClosed: 'Het stemmen is gesloten; je stem kan niet meer veranderen.',
    wallClosed: 'De muur is gesloten; ideeën en likes kunnen niet meer veranderen.',
    likesOff: 'Likes staan uit voor deze muur.',
    ownIdea: 'Dat is je eigen idee: je kunt de ideeën van anderen liken.',
    ownTeam: 'Dat is de optie van je eigen team: zet je stickers op een andere.',
    tooManyDots: 'Je hebt geen stickers meer over: haal er eerst een weg.',
    tooManyOnOption: 'Op die optie staan al zoveel stickers van jou als mag.',
    ownPitch: 'Je kunt de pitch van je eigen team niet beoordelen.',
    feedbackClosed: 'De feedback op deze pitch is gesloten; je beoordeling kan niet meer veranderen.',
    topTipRequired: 'Geef een top en een tip.',
    teamNameTaken: 'Een ander team heeft die naam al (of een die er hetzelfde uitziet). Bedenk een andere.',
    tiesOpen: 'Er staan nog teams gelijk: kies eerst hoe je elk gelijkspel beslist.',
    sessionNotFound: 'Deze sessie bestaat niet (meer).',
    hasResults: 'In deze sessie staat een activiteit met resultaten: zet die eerst in een andere sessie.',
    chairClosed: 'De lege stoel van deze activiteit is dicht: de datum is voorbij, of de docent heeft hem gesloten.',
    internal: 'Er ging iets mis op de server. Er is niets veranderd; probeer het opnieuw.',
  },
};

/** HTTP API error codes that are not also WebSocket error codes. */
/** @type {Record<Lang, Record<string, string>>} */
const apiErrors = {
  en: {
    badRequest: 'The server could not read the request.',
    unauthorized: 'The host key is missing or not valid.',
  },
  nl: {
    badRequest: 'De server kon het verzoek niet lezen.',
    unauthorized: 'De docentsleutel ontbreekt of is ongeldig.',
  },
};

/** @type {Record<Lang, Record<Key, string>>} */
const tables = { en, nl };

const LANG_KEY = 'kring.lang';

/** @returns {Lang} */
function initialLang() {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    // storage blocked: follow the browser
  }
  return (navigator.language || 'en').toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

/** @type {Lang} */
let lang = initialLang();
document.documentElement.lang = lang;

/** @type {Array<() => void>} */
const listeners = [];

/** The interface language. */
export function getLang() {
  return lang;
}

/**
 * Switches the language, remembers it and re-renders every registered page.
 * @param {Lang} next
 */
export function setLang(next) {
  lang = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // not remembered; still switched
  }
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

/**
 * Calls `fn` after every language switch.
 * @param {() => void} fn
 */
export function onLangChange(fn) {
  listeners.push(fn);
}

/**
 * A translated string; `{name}` placeholders are filled from `vars`.
 * @param {Key} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars) {
  return fill(tables[lang][key] ?? en[key], vars);
}

/**
 * Fills `{name}` placeholders of `text` from `vars`.
 * @param {string} text
 * @param {Record<string, string | number>} [vars]
 */
function fill(text, vars) {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/**
 * A translator for strings of its own (an activity kind's, say): `en` lists every key, `nl`
 * translates them all. The result works like `t`; its `every(key)` gives the key's template in
 * every language (to recognise text a template made in another language).
 * @template {Record<string, string>} T
 * @param {{ en: T, nl: Record<keyof T, string> }} own
 * @returns {((key: keyof T, vars?: Record<string, string | number>) => string) & { every: (key: keyof T) => string[] }}
 */
export function strings(own) {
  /** @param {keyof T} key @param {Record<string, string | number>} [vars] */
  const say = (key, vars) => fill(own[lang][key] ?? own.en[key], vars);
  return Object.assign(say, { every: (/** @type {keyof T} */ key) => [own.en[key], own.nl[key]] });
}

/**
 * A count in a sentence: `one` when `n` is 1, else `many` with `{n}` filled in.
 * @param {Key} one
 * @param {Key} many
 * @param {number} n
 */
export function tn(one, many, n) {
  return n === 1 ? t(one, { n }) : t(many, { n });
}

/**
 * The message for a protocol error code.
 * @param {ErrorCode} code
 */
export function errorText(code) {
  return errors[lang][code] ?? errors.en.internal;
}

/**
 * The message for an HTTP API error (`ApiError.code`); falls back to the server's message.
 * @param {string} code
 * @param {string} message
 */
export function apiErrorText(code, message) {
  const known = apiErrors[lang][code] ?? /** @type {Record<string, string>} */ (errors[lang])[code];
  if (!known) return message;
  return code === 'invalidSpec' || code === 'invalidTemplate' ? `${known} ${message}` : known;
}
