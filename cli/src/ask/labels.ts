/**
 * The fixed words of an answer in each course language: the notice that says who wrote it,
 * headings of the offline answer, and the flag put on a citation that did not resolve.
 */
import type { CourseLanguage } from "@fondation/shared";

export interface AskLabels {
  offlineNotice: string;
  bestMatches: string;
  fromTheCourse: string;
  nothingFound: string;
  unresolved: string;
  diagramRemoved: string;
  noCitation: string;
}

const LABELS: Record<CourseLanguage, AskLabels> = {
  en: {
    offlineNotice:
      "Not written by a model: these are the passages of the code and of the course that best match the question, found by a lexical search. Set ANTHROPIC_API_KEY for an answer in prose.",
    bestMatches: "Best matches in the code",
    fromTheCourse: "From the course",
    nothingFound:
      "Nothing in the code map or the lessons matches the words of this question. Try the names of functions, types or files.",
    unresolved: "citation removed: these lines are not in the repository",
    diagramRemoved: "A diagram was removed because it does not parse.",
    noCitation: "This answer cites no line of the repository: check it against the code.",
  },
  fr: {
    offlineNotice:
      "Réponse non rédigée par un modèle : voici les passages du code et du cours les plus proches de la question, trouvés par une recherche lexicale. Définissez ANTHROPIC_API_KEY pour une réponse rédigée.",
    bestMatches: "Meilleures correspondances dans le code",
    fromTheCourse: "Dans le cours",
    nothingFound:
      "Rien dans la carte du code ni dans les leçons ne correspond aux mots de cette question. Essayez des noms de fonctions, de types ou de fichiers.",
    unresolved: "citation retirée : ces lignes ne sont pas dans le dépôt",
    diagramRemoved: "Un diagramme a été retiré car il ne s'analyse pas.",
    noCitation: "Cette réponse ne cite aucune ligne du dépôt : vérifiez-la dans le code.",
  },
  es: {
    offlineNotice:
      "No escrita por un modelo: estos son los pasajes del código y del curso que mejor coinciden con la pregunta, hallados por una búsqueda léxica. Defina ANTHROPIC_API_KEY para una respuesta redactada.",
    bestMatches: "Mejores coincidencias en el código",
    fromTheCourse: "Del curso",
    nothingFound:
      "Nada en el mapa del código ni en las lecciones coincide con las palabras de esta pregunta. Pruebe con nombres de funciones, tipos o archivos.",
    unresolved: "cita retirada: estas líneas no están en el repositorio",
    diagramRemoved: "Se retiró un diagrama porque no se puede analizar.",
    noCitation: "Esta respuesta no cita ninguna línea del repositorio: compruébela en el código.",
  },
  de: {
    offlineNotice:
      "Nicht von einem Modell geschrieben: Dies sind die Stellen aus Code und Kurs, die am besten zur Frage passen, gefunden durch eine lexikalische Suche. Setzen Sie ANTHROPIC_API_KEY für eine ausformulierte Antwort.",
    bestMatches: "Beste Treffer im Code",
    fromTheCourse: "Aus dem Kurs",
    nothingFound:
      "Nichts in der Code-Übersicht oder den Lektionen passt zu den Wörtern dieser Frage. Versuchen Sie Namen von Funktionen, Typen oder Dateien.",
    unresolved: "Zitat entfernt: diese Zeilen gibt es im Repository nicht",
    diagramRemoved: "Ein Diagramm wurde entfernt, weil es sich nicht parsen lässt.",
    noCitation: "Diese Antwort zitiert keine Zeile des Repositorys: prüfen Sie sie am Code.",
  },
};

export function askLabels(language: CourseLanguage): AskLabels {
  return LABELS[language];
}
