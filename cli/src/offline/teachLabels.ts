/**
 * The fixed prose of the call chains, usage examples and runnable tutorial steps, in each
 * course language (the rest of the course's labels are in i18n.ts). Read by tutorials.ts
 * and by the chapters that show a call chain or a usage example.
 */
import type { CourseLanguage } from "@fondation/shared";
import { type Labels, labels } from "./i18n.ts";

export interface TeachLabels {
  calls: string;
  whichCalls: string;
  and: string;
  mainPathTitle: string;
  mainPathIntro: string;
  usageTitle: string;
  usageIntro: (name: string, test: string, cite: string) => string;
  stepRunExample: (command: string) => string;
  stepNothingToRun: string;
  stepCallersFound: (name: string) => string;
  stepBuildersFound: (name: string) => string;
  stepNoCallersFound: (name: string) => string;
  stepReadMatchingTest: (name: string, test: string, cite: string) => string;
  stepNoMatchingTest: (name: string) => string;
  stepChangeRun: (name: string, statement: string) => string;
  revertGit: string;
  revertEditor: string;
  checkTestRan: (test: string) => string;
  quizCallersOf: (name: string) => string;
}

const en: TeachLabels = {
  calls: "calls",
  whichCalls: "which calls",
  and: "and",
  mainPathTitle: "The main path",
  mainPathIntro:
    "How the central declarations call one another, from the most central caller (a call is a name followed by `(` in the caller's body):",
  usageTitle: "Usage example",
  usageIntro: (n, t, c) => `The smallest test that calls \`${n}\`, \`${t}\` (\`${c}\`):`,
  stepRunExample: (c) => `This copy ships no tests; run an example to see the code work: \`${c}\`.`,
  stepNothingToRun:
    "This copy of the project ships no tests and no examples to run: read the entry point below, then the chapters.",
  stepCallersFound: (n) => `These declarations call \`${n}\`; open each at its line:`,
  stepReadMatchingTest: (n, t, c) =>
    `Read \`${t}\`, the smallest test that calls \`${n}\` (\`${c}\`), then run only that test; the output names it and says whether it passed:`,
  stepNoMatchingTest: (n) =>
    `No test in this copy calls \`${n}\`: its callers above are where to see it used.`,
  stepChangeRun: (n, s) =>
    `Add \`${s}\` as the first statement of \`${n}\`'s body and run the same command again: your line is printed before the test's result.`,
  revertGit: "Undo the change: `git checkout -- <file>`.",
  revertEditor: "Undo the change with your editor's undo.",
  checkTestRan: (t) => `The command printed \`${t}\` and its result.`,
  quizCallersOf: (n) => `Which declarations call \`${n}\`?`,
  stepBuildersFound: (n) => `These declarations build or call \`${n}\`; open each at its line:`,
  stepNoCallersFound: (n) =>
    `No declaration of the code calls \`${n}\`: the programs that use the project do. Search for it anyway:`,
};

const fr: TeachLabels = {
  calls: "appelle",
  whichCalls: "qui appelle",
  and: "et",
  mainPathTitle: "Le chemin principal",
  mainPathIntro:
    "Comment les déclarations centrales s'appellent, depuis l'appelant le plus central (un appel est un nom suivi de `(` dans le corps de l'appelant) :",
  usageTitle: "Exemple d'utilisation",
  usageIntro: (n, t, c) => `Le plus petit test qui appelle \`${n}\`, \`${t}\` (\`${c}\`) :`,
  stepRunExample: (c) =>
    `Cette copie ne contient pas de tests ; lancez un exemple pour voir le code fonctionner : \`${c}\`.`,
  stepNothingToRun:
    "Cette copie du projet ne contient ni tests ni exemples à lancer : lisez le point d'entrée ci-dessous, puis les chapitres.",
  stepCallersFound: (n) => `Ces déclarations appellent \`${n}\` ; ouvrez chacune à sa ligne :`,
  stepReadMatchingTest: (n, t, c) =>
    `Lisez \`${t}\`, le plus petit test qui appelle \`${n}\` (\`${c}\`), puis lancez ce seul test ; la sortie le nomme et dit s'il a réussi :`,
  stepNoMatchingTest: (n) =>
    `Aucun test de cette copie n'appelle \`${n}\` : ses appelants ci-dessus montrent son usage.`,
  stepChangeRun: (n, s) =>
    `Ajoutez \`${s}\` comme première instruction du corps de \`${n}\` et relancez la même commande : votre ligne s'affiche avant le résultat du test.`,
  revertGit: "Annulez la modification : `git checkout -- <fichier>`.",
  revertEditor: "Annulez la modification avec l'annulation de votre éditeur.",
  checkTestRan: (t) => `La commande a affiché \`${t}\` et son résultat.`,
  quizCallersOf: (n) => `Quelles déclarations appellent \`${n}\` ?`,
  stepBuildersFound: (n) =>
    `Ces déclarations construisent ou appellent \`${n}\` ; ouvrez chacune à sa ligne :`,
  stepNoCallersFound: (n) =>
    `Aucune déclaration du code n'appelle \`${n}\` : ce sont les programmes qui utilisent le projet qui le font. Cherchez-le quand même :`,
};

const es: TeachLabels = {
  calls: "llama a",
  whichCalls: "que llama a",
  and: "y",
  mainPathTitle: "El camino principal",
  mainPathIntro:
    "Cómo se llaman entre sí las declaraciones centrales, desde el llamador más central (una llamada es un nombre seguido de `(` en el cuerpo del llamador):",
  usageTitle: "Ejemplo de uso",
  usageIntro: (n, t, c) => `La prueba más pequeña que llama a \`${n}\`, \`${t}\` (\`${c}\`):`,
  stepRunExample: (c) =>
    `Esta copia no incluye pruebas; ejecuta un ejemplo para ver el código funcionar: \`${c}\`.`,
  stepNothingToRun:
    "Esta copia del proyecto no incluye pruebas ni ejemplos que ejecutar: lee el punto de entrada de abajo y luego los capítulos.",
  stepCallersFound: (n) => `Estas declaraciones llaman a \`${n}\`; abre cada una en su línea:`,
  stepReadMatchingTest: (n, t, c) =>
    `Lee \`${t}\`, la prueba más pequeña que llama a \`${n}\` (\`${c}\`), y ejecuta solo esa prueba; la salida la nombra y dice si pasó:`,
  stepNoMatchingTest: (n) =>
    `Ninguna prueba de esta copia llama a \`${n}\`: sus llamadores de arriba muestran su uso.`,
  stepChangeRun: (n, s) =>
    `Añade \`${s}\` como primera instrucción del cuerpo de \`${n}\` y ejecuta el mismo comando otra vez: tu línea se imprime antes del resultado de la prueba.`,
  revertGit: "Deshaz el cambio: `git checkout -- <archivo>`.",
  revertEditor: "Deshaz el cambio con deshacer en tu editor.",
  checkTestRan: (t) => `El comando imprimió \`${t}\` y su resultado.`,
  quizCallersOf: (n) => `¿Qué declaraciones llaman a \`${n}\`?`,
  stepBuildersFound: (n) =>
    `Estas declaraciones construyen o llaman a \`${n}\`; abre cada una en su línea:`,
  stepNoCallersFound: (n) =>
    `Ninguna declaración del código llama a \`${n}\`: lo hacen los programas que usan el proyecto. Búscalo de todos modos:`,
};

const de: TeachLabels = {
  calls: "ruft",
  whichCalls: "das ruft",
  and: "und",
  mainPathTitle: "Der Hauptweg",
  mainPathIntro:
    "Wie die zentralen Deklarationen einander aufrufen, vom zentralsten Aufrufer aus (ein Aufruf ist ein Name, gefolgt von `(` im Rumpf des Aufrufers):",
  usageTitle: "Anwendungsbeispiel",
  usageIntro: (n, t, c) => `Der kleinste Test, der \`${n}\` aufruft, \`${t}\` (\`${c}\`):`,
  stepRunExample: (c) =>
    `Diese Kopie enthält keine Tests; führe ein Beispiel aus, um den Code laufen zu sehen: \`${c}\`.`,
  stepNothingToRun:
    "Diese Kopie des Projekts enthält weder Tests noch Beispiele zum Ausführen: Lies den Einstiegspunkt unten, dann die Kapitel.",
  stepCallersFound: (n) => `Diese Deklarationen rufen \`${n}\` auf; öffne jede an ihrer Zeile:`,
  stepReadMatchingTest: (n, t, c) =>
    `Lies \`${t}\`, den kleinsten Test, der \`${n}\` aufruft (\`${c}\`), und führe nur diesen Test aus; die Ausgabe nennt ihn und sagt, ob er bestanden hat:`,
  stepNoMatchingTest: (n) =>
    `Kein Test dieser Kopie ruft \`${n}\` auf: Seine Aufrufer oben zeigen, wie es benutzt wird.`,
  stepChangeRun: (n, s) =>
    `Füge \`${s}\` als erste Anweisung im Rumpf von \`${n}\` ein und führe denselben Befehl erneut aus: Deine Zeile erscheint vor dem Testergebnis.`,
  revertGit: "Mache die Änderung rückgängig: `git checkout -- <Datei>`.",
  revertEditor: "Mache die Änderung mit der Rückgängig-Funktion deines Editors rückgängig.",
  checkTestRan: (t) => `Der Befehl hat \`${t}\` und sein Ergebnis ausgegeben.`,
  quizCallersOf: (n) => `Welche Deklarationen rufen \`${n}\` auf?`,
  stepBuildersFound: (n) =>
    `Diese Deklarationen erzeugen oder rufen \`${n}\`; öffne jede an ihrer Zeile:`,
  stepNoCallersFound: (n) =>
    `Keine Deklaration des Codes ruft \`${n}\` auf: Das tun die Programme, die das Projekt nutzen. Suche trotzdem danach:`,
};

const TEACH: Record<CourseLanguage, TeachLabels> = { en, fr, es, de };

/** The teaching labels of the language whose course labels are `L`. */
export function teachLabels(L: Labels): TeachLabels {
  const language = (Object.keys(TEACH) as CourseLanguage[]).find((c) => labels(c) === L);
  return TEACH[language ?? "en"];
}
