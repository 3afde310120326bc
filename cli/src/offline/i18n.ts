/**
 * The fixed prose of the offline course in each course language. Only labels and sentence
 * frames live here; names, paths and code come from the repository and stay as they are.
 */
import type { CourseLanguage } from "@fondation/shared";
import type { OutlineKind } from "../types.ts";

export interface Labels {
  offlineNotice: string;
  overviewTitle: (repo: string) => string;
  summary: (repo: string, modules: number, files: number) => string;
  whatItIs: string;
  languages: string;
  language: string;
  files: string;
  architecture: string;
  architectureIntro: string;
  readingOrder: string;
  gettingStarted: string;
  role: string;
  whereItFits: string;
  dependsOn: string;
  usedBy: string;
  nothing: string;
  file: string;
  lines: string;
  purpose: string;
  keyDeclarations: string;
  keyExcerpts: string;
  insideModule: string;
  recap: string;
  previous: string;
  next: string;
  imports: string;
  uses: string;
  topLevelFiles: string;
  moduleStats: (files: number, lines: number, exported: number) => string;
  declaresNames: (names: string) => string;
  entryPoints: string;
  firstLines: (n: number) => string;
  recapDepends: (names: string) => string;
  recapFoundation: string;
  recapUsedBy: (names: string) => string;
  recapKey: (names: string) => string;
  // tutorials
  objectives: string;
  steps: string;
  checks: string;
  answer: string;
  exploreTitle: (repo: string) => string;
  objectiveRun: string;
  objectiveEntry: string;
  objectiveMap: string;
  stepReadSetup: (section: string) => string;
  stepRunTests: (command: string) => string;
  stepNoTestCommand: string;
  stepOpenEntry: (path: string) => string;
  stepFollowOrder: string;
  checkTestsPass: string;
  quizFoundation: string;
  quizEntry: string;
  traceTitle: (name: string) => string;
  objectiveDefinition: (name: string) => string;
  objectiveCallers: (name: string) => string;
  objectiveChange: string;
  stepOpenDefinition: (name: string, cite: string) => string;
  stepFindCallers: (name: string) => string;
  stepNoCallers: (name: string) => string;
  stepReadTest: (test: string) => string;
  stepNoTest: (path: string) => string;
  stepChange: (name: string, statement: string) => string;
  stepRevert: string;
  checkCallers: (name: string) => string;
  checkOutput: string;
  quizWhere: (name: string) => string;
  quizCallers: (name: string) => string;
  // the core
  coreTitle: string;
  coreIntro: string;
  coreGraphIntro: string;
  moreNotShown: (n: number) => string;
  appendixTitle: (name: string) => string;
  appendixNote: string;
  /** A declaration's kind, as shown beside its name (`**\`Flask\`** (class)`). */
  kinds: Record<OutlineKind, string>;
  /** The languages table's row for files of no known language. */
  otherLanguage: string;
}

const en: Labels = {
  offlineNotice:
    "Written without a model: this lesson was assembled by Fondation from the repository's structure (file outlines, doc comments, imports and README). Run with an Anthropic API key for explanations written in prose.",
  overviewTitle: (r) => `Overview of ${r}`,
  summary: (r, m, f) =>
    `A structural tour of ${r}: ${m} modules across ${f} files, the core first (what the project exposes and what its code uses most), examples, documentation and scripts last.`,
  whatItIs: "What this repository is",
  languages: "Languages",
  language: "Language",
  files: "Files",
  architecture: "Architecture",
  architectureIntro: "Each box is a module (a folder of code); an arrow means “imports from”.",
  readingOrder: "Reading order",
  gettingStarted: "Getting started",
  role: "Role",
  whereItFits: "Where it fits",
  dependsOn: "Depends on",
  usedBy: "Used by",
  nothing: "nothing inside this repository",
  file: "File",
  lines: "Lines",
  purpose: "Purpose",
  keyDeclarations: "Key declarations",
  keyExcerpts: "Key excerpts",
  insideModule: "Inside the module",
  recap: "Recap",
  previous: "Previous",
  next: "Next",
  imports: "imports",
  uses: "uses",
  topLevelFiles: "Top-level files",
  moduleStats: (f, l, e) => `${f} files, ${l} lines, ${e} exported declarations.`,
  declaresNames: (n) => `It declares ${n}.`,
  entryPoints: "Entry points",
  firstLines: (n) => `first ${n} lines`,
  recapDepends: (n) => `It builds on ${n}.`,
  recapFoundation: "It depends on no other module: it is a foundation of the codebase.",
  recapUsedBy: (n) => `It is used by ${n}.`,
  recapKey: (n) => `The names to remember: ${n}.`,
  objectives: "Objectives",
  steps: "Steps",
  checks: "Checks",
  answer: "Answer",
  exploreTitle: (r) => `Run and explore ${r}`,
  objectiveRun: "Install the project and run its checks.",
  objectiveEntry: "Find where execution starts.",
  objectiveMap: "Connect the module map to real files.",
  stepReadSetup: (s) => `Read the “${s}” section of the README and run its commands:`,
  stepRunTests: (c) => `Run the test suite: \`${c}\`.`,
  stepNoTestCommand: "No test command was detected: look for one in the README or the build files.",
  stepOpenEntry: (p) => `Open the entry point \`${p}\` and read it from the top:`,
  stepFollowOrder:
    "Open the first module of the reading order and find one declaration it exports:",
  checkTestsPass: "The test command finishes without failures.",
  quizFoundation: "Which module do the most other modules depend on?",
  quizEntry: "Which file would you open first to follow a run from its start?",
  traceTitle: (n) => `Trace \`${n}\` through the code`,
  objectiveDefinition: (n) => `Read the definition of \`${n}\` and say what it takes and returns.`,
  objectiveCallers: (n) => `Find the code that calls \`${n}\`.`,
  objectiveChange: "Make a small change and watch its effect.",
  stepOpenDefinition: (n, c) => `Open the definition of \`${n}\` (${c}):`,
  stepFindCallers: (n) => `Find the files that use \`${n}\`, then open each one at the line found:`,
  stepNoCallers: (n) =>
    `No other file of the repository imports \`${n}\`'s file: it is an entry point or used from outside. Search for it anyway:`,
  stepReadTest: (t) => `Read the test that exercises it, \`${t}\`, and run it:`,
  stepNoTest: (p) =>
    `No test imports \`${p}\`: write a small one that calls it, next to the existing tests.`,
  stepChange: (n, s) =>
    `Add \`${s}\` as the first statement of \`${n}\`, run the test again and find your line in the output.`,
  stepRevert: "Undo the change (`git checkout -- <file>` or your editor's undo).",
  checkCallers: (n) => `You can name at least one caller of \`${n}\`.`,
  checkOutput:
    "Your added line appeared in the test output, and the tests still pass after you removed it.",
  quizWhere: (n) => `In which file and at which line is \`${n}\` defined?`,
  quizCallers: (n) => `Which files import the file that defines \`${n}\`?`,
  coreTitle: "The core",
  coreIntro:
    "What the project exposes and what the rest of its code uses most: its entry files, and the declarations named across the code. The chapters start here.",
  coreGraphIntro: "The central files; an arrow means “depends on”.",
  moreNotShown: (n) => `${n} more not shown (the most connected are kept).`,
  appendixTitle: (name) => `Appendix: ${name}`,
  appendixNote:
    "This part uses, documents or tests the code rather than being it (examples, documentation, scripts, tests); it comes after the core.",
  kinds: {
    function: "function",
    class: "class",
    interface: "interface",
    type: "type",
    enum: "enum",
    struct: "struct",
    const: "const",
    variable: "variable",
    method: "method",
    module: "module",
  },
  otherLanguage: "other",
};

const fr: Labels = {
  ...en,
  offlineNotice:
    "Rédigé sans modèle : Fondation a assemblé cette leçon à partir de la structure du dépôt (plans des fichiers, commentaires de documentation, imports et README). Avec une clé d'API Anthropic, les explications sont rédigées en prose.",
  overviewTitle: (r) => `Vue d'ensemble de ${r}`,
  summary: (r, m, f) =>
    `Une visite structurelle de ${r} : ${m} modules sur ${f} fichiers, le cœur d'abord (ce que le projet expose et ce que son code utilise le plus), les exemples, la documentation et les scripts à la fin.`,
  whatItIs: "Ce qu'est ce dépôt",
  languages: "Langages",
  language: "Langage",
  files: "Fichiers",
  architecture: "Architecture",
  architectureIntro:
    "Chaque boîte est un module (un dossier de code) ; une flèche signifie « importe depuis ».",
  readingOrder: "Ordre de lecture",
  gettingStarted: "Pour commencer",
  role: "Rôle",
  whereItFits: "Sa place",
  dependsOn: "Dépend de",
  usedBy: "Utilisé par",
  nothing: "rien dans ce dépôt",
  file: "Fichier",
  lines: "Lignes",
  purpose: "Rôle",
  keyDeclarations: "Déclarations clés",
  keyExcerpts: "Extraits clés",
  insideModule: "À l'intérieur du module",
  recap: "Récapitulatif",
  previous: "Précédent",
  next: "Suivant",
  imports: "importe",
  uses: "utilise",
  topLevelFiles: "Fichiers de premier niveau",
  moduleStats: (f, l, e) => `${f} fichiers, ${l} lignes, ${e} déclarations exportées.`,
  declaresNames: (n) => `Il déclare ${n}.`,
  entryPoints: "Points d'entrée",
  firstLines: (n) => `${n} premières lignes`,
  recapDepends: (n) => `Il s'appuie sur ${n}.`,
  recapFoundation: "Il ne dépend d'aucun autre module : c'est une fondation du code.",
  recapUsedBy: (n) => `Il est utilisé par ${n}.`,
  recapKey: (n) => `Les noms à retenir : ${n}.`,
  objectives: "Objectifs",
  steps: "Étapes",
  checks: "Vérifications",
  answer: "Réponse",
  exploreTitle: (r) => `Lancer et explorer ${r}`,
  objectiveRun: "Installer le projet et lancer ses vérifications.",
  objectiveEntry: "Trouver où commence l'exécution.",
  objectiveMap: "Relier la carte des modules aux vrais fichiers.",
  stepReadSetup: (s) => `Lisez la section « ${s} » du README et lancez ses commandes :`,
  stepRunTests: (c) => `Lancez les tests : \`${c}\`.`,
  stepNoTestCommand:
    "Aucune commande de test détectée : cherchez-la dans le README ou les fichiers de build.",
  stepOpenEntry: (p) => `Ouvrez le point d'entrée \`${p}\` et lisez-le depuis le début :`,
  stepFollowOrder:
    "Ouvrez le premier module de l'ordre de lecture et trouvez une déclaration qu'il exporte :",
  checkTestsPass: "La commande de test se termine sans échec.",
  quizFoundation: "De quel module dépendent le plus d'autres modules ?",
  quizEntry: "Quel fichier ouvririez-vous en premier pour suivre une exécution depuis son début ?",
  traceTitle: (n) => `Suivre \`${n}\` dans le code`,
  objectiveDefinition: (n) => `Lire la définition de \`${n}\` et dire ce qu'elle prend et renvoie.`,
  objectiveCallers: (n) => `Trouver le code qui appelle \`${n}\`.`,
  objectiveChange: "Faire une petite modification et observer son effet.",
  stepOpenDefinition: (n, c) => `Ouvrez la définition de \`${n}\` (${c}) :`,
  stepFindCallers: (n) =>
    `Trouvez les fichiers qui utilisent \`${n}\`, puis ouvrez chacun à la ligne trouvée :`,
  stepNoCallers: (n) =>
    `Aucun autre fichier du dépôt n'importe le fichier de \`${n}\` : c'est un point d'entrée ou il est utilisé de l'extérieur. Cherchez-le quand même :`,
  stepReadTest: (t) => `Lisez le test qui l'exerce, \`${t}\`, et lancez-le :`,
  stepNoTest: (p) =>
    `Aucun test n'importe \`${p}\` : écrivez-en un petit qui l'appelle, à côté des tests existants.`,
  stepChange: (n, s) =>
    `Ajoutez \`${s}\` comme première instruction de \`${n}\`, relancez le test et retrouvez votre ligne dans la sortie.`,
  stepRevert:
    "Annulez la modification (`git checkout -- <fichier>` ou l'annulation de votre éditeur).",
  checkCallers: (n) => `Vous savez nommer au moins un appelant de \`${n}\`.`,
  checkOutput:
    "Votre ligne est apparue dans la sortie du test, et les tests passent encore après l'avoir retirée.",
  quizWhere: (n) => `Dans quel fichier et à quelle ligne \`${n}\` est-il défini ?`,
  quizCallers: (n) => `Quels fichiers importent le fichier qui définit \`${n}\` ?`,
  coreTitle: "Le cœur",
  coreIntro:
    "Ce que le projet expose et ce que le reste de son code utilise le plus : ses fichiers d’entrée et les déclarations citées partout dans le code. Les chapitres commencent ici.",
  coreGraphIntro: "Les fichiers centraux ; une flèche signifie « dépend de ».",
  moreNotShown: (n) => `${n} de plus non affichés (les plus connectés sont gardés).`,
  appendixTitle: (name) => `Annexe : ${name}`,
  appendixNote:
    "Cette partie utilise, documente ou teste le code plutôt qu’elle ne l’est (exemples, documentation, scripts, tests) ; elle vient après le cœur.",
  kinds: {
    function: "fonction",
    class: "classe",
    interface: "interface",
    type: "type",
    enum: "énumération",
    struct: "structure",
    const: "constante",
    variable: "variable",
    method: "méthode",
    module: "module",
  },
  otherLanguage: "autre",
};

const es: Labels = {
  ...en,
  offlineNotice:
    "Escrito sin modelo: Fondation armó esta lección a partir de la estructura del repositorio (esquemas de archivos, comentarios de documentación, imports y README). Con una clave de API de Anthropic, las explicaciones se escriben en prosa.",
  overviewTitle: (r) => `Visión general de ${r}`,
  summary: (r, m, f) =>
    `Un recorrido estructural por ${r}: ${m} módulos en ${f} archivos, primero el núcleo (lo que el proyecto expone y lo que su código más usa), al final los ejemplos, la documentación y los scripts.`,
  whatItIs: "Qué es este repositorio",
  languages: "Lenguajes",
  language: "Lenguaje",
  files: "Archivos",
  architecture: "Arquitectura",
  architectureIntro:
    "Cada caja es un módulo (una carpeta de código); una flecha significa «importa de».",
  readingOrder: "Orden de lectura",
  gettingStarted: "Primeros pasos",
  role: "Función",
  whereItFits: "Dónde encaja",
  dependsOn: "Depende de",
  usedBy: "Usado por",
  nothing: "nada dentro de este repositorio",
  file: "Archivo",
  lines: "Líneas",
  purpose: "Propósito",
  keyDeclarations: "Declaraciones clave",
  keyExcerpts: "Fragmentos clave",
  insideModule: "Dentro del módulo",
  recap: "Resumen",
  previous: "Anterior",
  next: "Siguiente",
  imports: "importa",
  uses: "usa",
  topLevelFiles: "Archivos de primer nivel",
  moduleStats: (f, l, e) => `${f} archivos, ${l} líneas, ${e} declaraciones exportadas.`,
  declaresNames: (n) => `Declara ${n}.`,
  entryPoints: "Puntos de entrada",
  firstLines: (n) => `primeras ${n} líneas`,
  recapDepends: (n) => `Se apoya en ${n}.`,
  recapFoundation: "No depende de ningún otro módulo: es un cimiento del código.",
  recapUsedBy: (n) => `Lo usan ${n}.`,
  recapKey: (n) => `Los nombres que recordar: ${n}.`,
  objectives: "Objetivos",
  steps: "Pasos",
  checks: "Comprobaciones",
  answer: "Respuesta",
  exploreTitle: (r) => `Ejecutar y explorar ${r}`,
  objectiveRun: "Instalar el proyecto y ejecutar sus comprobaciones.",
  objectiveEntry: "Encontrar dónde empieza la ejecución.",
  objectiveMap: "Relacionar el mapa de módulos con archivos reales.",
  stepReadSetup: (s) => `Lee la sección «${s}» del README y ejecuta sus comandos:`,
  stepRunTests: (c) => `Ejecuta las pruebas: \`${c}\`.`,
  stepNoTestCommand:
    "No se detectó ningún comando de pruebas: búscalo en el README o en los archivos de build.",
  stepOpenEntry: (p) => `Abre el punto de entrada \`${p}\` y léelo desde el principio:`,
  stepFollowOrder:
    "Abre el primer módulo del orden de lectura y encuentra una declaración que exporte:",
  checkTestsPass: "El comando de pruebas termina sin fallos.",
  quizFoundation: "¿De qué módulo dependen más módulos?",
  quizEntry: "¿Qué archivo abrirías primero para seguir una ejecución desde su inicio?",
  traceTitle: (n) => `Seguir \`${n}\` por el código`,
  objectiveDefinition: (n) => `Leer la definición de \`${n}\` y decir qué recibe y qué devuelve.`,
  objectiveCallers: (n) => `Encontrar el código que llama a \`${n}\`.`,
  objectiveChange: "Hacer un pequeño cambio y observar su efecto.",
  stepOpenDefinition: (n, c) => `Abre la definición de \`${n}\` (${c}):`,
  stepFindCallers: (n) =>
    `Encuentra los archivos que usan \`${n}\` y abre cada uno en la línea encontrada:`,
  stepNoCallers: (n) =>
    `Ningún otro archivo del repositorio importa el archivo de \`${n}\`: es un punto de entrada o se usa desde fuera. Búscalo de todos modos:`,
  stepReadTest: (t) => `Lee la prueba que lo ejercita, \`${t}\`, y ejecútala:`,
  stepNoTest: (p) =>
    `Ninguna prueba importa \`${p}\`: escribe una pequeña que lo llame, junto a las pruebas existentes.`,
  stepChange: (n, s) =>
    `Añade \`${s}\` como primera instrucción de \`${n}\`, vuelve a ejecutar la prueba y encuentra tu línea en la salida.`,
  stepRevert: "Deshaz el cambio (`git checkout -- <archivo>` o deshacer en tu editor).",
  checkCallers: (n) => `Sabes nombrar al menos un llamador de \`${n}\`.`,
  checkOutput:
    "Tu línea apareció en la salida de la prueba, y las pruebas siguen pasando tras quitarla.",
  quizWhere: (n) => `¿En qué archivo y en qué línea se define \`${n}\`?`,
  quizCallers: (n) => `¿Qué archivos importan el archivo que define \`${n}\`?`,
  coreTitle: "El núcleo",
  coreIntro:
    "Lo que el proyecto expone y lo que el resto de su código más usa: sus archivos de entrada y las declaraciones nombradas en todo el código. Los capítulos empiezan aquí.",
  coreGraphIntro: "Los archivos centrales; una flecha significa «depende de».",
  moreNotShown: (n) => `${n} más no mostrados (se conservan los más conectados).`,
  appendixTitle: (name) => `Apéndice: ${name}`,
  appendixNote:
    "Esta parte usa, documenta o prueba el código en lugar de serlo (ejemplos, documentación, scripts, pruebas); viene después del núcleo.",
  kinds: {
    function: "función",
    class: "clase",
    interface: "interfaz",
    type: "tipo",
    enum: "enumeración",
    struct: "estructura",
    const: "constante",
    variable: "variable",
    method: "método",
    module: "módulo",
  },
  otherLanguage: "otro",
};

const de: Labels = {
  ...en,
  offlineNotice:
    "Ohne Modell geschrieben: Fondation hat diese Lektion aus der Struktur des Repositorys zusammengestellt (Datei-Gliederungen, Doc-Kommentare, Imports und README). Mit einem Anthropic-API-Schlüssel werden die Erklärungen als Fließtext geschrieben.",
  overviewTitle: (r) => `Überblick über ${r}`,
  summary: (r, m, f) =>
    `Ein struktureller Rundgang durch ${r}: ${m} Module in ${f} Dateien, der Kern zuerst (was das Projekt anbietet und was sein Code am meisten nutzt), Beispiele, Dokumentation und Skripte zuletzt.`,
  whatItIs: "Was dieses Repository ist",
  languages: "Sprachen",
  language: "Sprache",
  files: "Dateien",
  architecture: "Architektur",
  architectureIntro:
    "Jeder Kasten ist ein Modul (ein Code-Ordner); ein Pfeil bedeutet „importiert aus“.",
  readingOrder: "Lesereihenfolge",
  gettingStarted: "Erste Schritte",
  role: "Aufgabe",
  whereItFits: "Einordnung",
  dependsOn: "Hängt ab von",
  usedBy: "Verwendet von",
  nothing: "nichts in diesem Repository",
  file: "Datei",
  lines: "Zeilen",
  purpose: "Zweck",
  keyDeclarations: "Wichtige Deklarationen",
  keyExcerpts: "Wichtige Auszüge",
  insideModule: "Im Inneren des Moduls",
  recap: "Zusammenfassung",
  previous: "Zurück",
  next: "Weiter",
  imports: "importiert",
  uses: "nutzt",
  topLevelFiles: "Dateien der obersten Ebene",
  moduleStats: (f, l, e) => `${f} Dateien, ${l} Zeilen, ${e} exportierte Deklarationen.`,
  declaresNames: (n) => `Es deklariert ${n}.`,
  entryPoints: "Einstiegspunkte",
  firstLines: (n) => `erste ${n} Zeilen`,
  recapDepends: (n) => `Es baut auf ${n} auf.`,
  recapFoundation: "Es hängt von keinem anderen Modul ab: Es ist eine Grundlage des Codes.",
  recapUsedBy: (n) => `Es wird verwendet von ${n}.`,
  recapKey: (n) => `Die Namen zum Merken: ${n}.`,
  objectives: "Lernziele",
  steps: "Schritte",
  checks: "Kontrollen",
  answer: "Antwort",
  exploreTitle: (r) => `${r} ausführen und erkunden`,
  objectiveRun: "Das Projekt installieren und seine Prüfungen ausführen.",
  objectiveEntry: "Finden, wo die Ausführung beginnt.",
  objectiveMap: "Die Modulkarte mit echten Dateien verbinden.",
  stepReadSetup: (s) => `Lies den Abschnitt „${s}“ der README und führe seine Befehle aus:`,
  stepRunTests: (c) => `Führe die Tests aus: \`${c}\`.`,
  stepNoTestCommand: "Kein Testbefehl erkannt: Suche ihn in der README oder in den Build-Dateien.",
  stepOpenEntry: (p) => `Öffne den Einstiegspunkt \`${p}\` und lies ihn von oben:`,
  stepFollowOrder:
    "Öffne das erste Modul der Lesereihenfolge und finde eine Deklaration, die es exportiert:",
  checkTestsPass: "Der Testbefehl endet ohne Fehlschläge.",
  quizFoundation: "Von welchem Modul hängen die meisten anderen Module ab?",
  quizEntry: "Welche Datei würdest du zuerst öffnen, um einen Lauf von Anfang an zu verfolgen?",
  traceTitle: (n) => `\`${n}\` durch den Code verfolgen`,
  objectiveDefinition: (n) =>
    `Die Definition von \`${n}\` lesen und sagen, was sie annimmt und zurückgibt.`,
  objectiveCallers: (n) => `Den Code finden, der \`${n}\` aufruft.`,
  objectiveChange: "Eine kleine Änderung machen und ihre Wirkung beobachten.",
  stepOpenDefinition: (n, c) => `Öffne die Definition von \`${n}\` (${c}):`,
  stepFindCallers: (n) =>
    `Finde die Dateien, die \`${n}\` verwenden, und öffne jede an der gefundenen Zeile:`,
  stepNoCallers: (n) =>
    `Keine andere Datei des Repositorys importiert die Datei von \`${n}\`: Es ist ein Einstiegspunkt oder wird von außen genutzt. Suche trotzdem danach:`,
  stepReadTest: (t) => `Lies den Test, der es prüft, \`${t}\`, und führe ihn aus:`,
  stepNoTest: (p) =>
    `Kein Test importiert \`${p}\`: Schreibe einen kleinen, der es aufruft, neben die vorhandenen Tests.`,
  stepChange: (n, s) =>
    `Füge \`${s}\` als erste Anweisung von \`${n}\` ein, führe den Test erneut aus und finde deine Zeile in der Ausgabe.`,
  stepRevert:
    "Mache die Änderung rückgängig (`git checkout -- <datei>` oder Rückgängig im Editor).",
  checkCallers: (n) => `Du kannst mindestens einen Aufrufer von \`${n}\` nennen.`,
  checkOutput:
    "Deine Zeile erschien in der Testausgabe, und die Tests laufen nach dem Entfernen weiter durch.",
  quizWhere: (n) => `In welcher Datei und in welcher Zeile ist \`${n}\` definiert?`,
  quizCallers: (n) => `Welche Dateien importieren die Datei, die \`${n}\` definiert?`,
  coreTitle: "Der Kern",
  coreIntro:
    "Was das Projekt nach außen anbietet und was der übrige Code am meisten nutzt: seine Einstiegsdateien und die im ganzen Code genannten Deklarationen. Die Kapitel beginnen hier.",
  coreGraphIntro: "Die zentralen Dateien; ein Pfeil bedeutet „hängt ab von“.",
  moreNotShown: (n) => `${n} weitere nicht gezeigt (die am stärksten verbundenen bleiben).`,
  appendixTitle: (name) => `Anhang: ${name}`,
  appendixNote:
    "Dieser Teil nutzt, dokumentiert oder testet den Code, statt ihn zu bilden (Beispiele, Dokumentation, Skripte, Tests); er kommt nach dem Kern.",
  kinds: {
    function: "Funktion",
    class: "Klasse",
    interface: "Interface",
    type: "Typ",
    enum: "Enum",
    struct: "Struct",
    const: "Konstante",
    variable: "Variable",
    method: "Methode",
    module: "Modul",
  },
  otherLanguage: "andere",
};

const LABELS: Record<CourseLanguage, Labels> = { en, fr, es, de };

export function labels(language: CourseLanguage): Labels {
  return LABELS[language];
}
