/** French UI text: the same keys as en.ts, checked by the type. */
import type { MessageKey } from "./en.ts";

export const fr: Record<MessageKey, string> = {
  "app.name": "Fondation",
  "app.tagline": "Transformez un dépôt de code en cours.",
  "nav.dashboard": "Dépôts",
  "nav.signIn": "Se connecter",
  "nav.signOut": "Se déconnecter",
  "nav.skip": "Aller au contenu",
  "theme.label": "Thème",
  "theme.system": "Système",
  "theme.light": "Clair",
  "theme.dark": "Sombre",
  "locale.label": "Langue",

  "landing.title": "Apprenez n’importe quel code avec un cours écrit pour lui",
  "landing.lead":
    "Fondation lit un dépôt et écrit un cours court : les idées essentielles dans l’ordre où les apprendre, des diagrammes et des tutoriels pratiques, chacun citant les lignes de code exactes.",
  "landing.cta": "Se connecter avec GitHub",
  "landing.ctaLocal": "Se connecter (mode local)",
  "landing.point1":
    "Choisissez un de vos dépôts GitHub, ou collez l’URL de n’importe quel dépôt git public.",
  "landing.point2": "Suivez l’écriture du cours, étape par étape.",
  "landing.point3": "Lisez-le avec ses diagrammes et des liens vers le commit exact.",
  "landing.unconfigured":
    "La connexion n’est pas configurée. Définissez NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY et CLERK_SECRET_KEY, ou FONDATION_LOCAL_AUTH=1 pour le développement hors ligne.",
  "landing.noConvex":
    "Aucun déploiement Convex n’est configuré : définissez CONVEX_URL (ou NEXT_PUBLIC_CONVEX_URL).",

  "signIn.title": "Connexion",
  "signIn.localNotice":
    "Mode local : n’importe qui peut se connecter sous n’importe quel nom. Réservé au développement hors ligne et aux tests.",
  "signIn.name": "Nom",
  "signIn.submit": "Se connecter",
  "signIn.failed": "La connexion a échoué : {message}",

  "dashboard.title": "Vos dépôts",
  "dashboard.search": "Rechercher un dépôt",
  "dashboard.filter": "Afficher",
  "dashboard.filter.all": "Tous",
  "dashboard.filter.withCourse": "Avec un cours",
  "dashboard.filter.active": "Cours en cours d’écriture",
  "dashboard.filter.noCourse": "Sans cours",
  "dashboard.source": "Source",
  "dashboard.source.all": "Toute source",
  "dashboard.source.github": "GitHub",
  "dashboard.source.url": "URL git",
  "dashboard.empty":
    "Aucun dépôt pour l’instant. Synchronisez vos dépôts GitHub ou ajoutez-en un par URL.",
  "dashboard.emptyLocal":
    "Aucun dépôt pour l’instant. Ajoutez-en un par son URL git ou son chemin local.",
  "dashboard.source.local": "Local",
  "dashboard.noMatch": "Aucun dépôt ne correspond à ces filtres.",
  "dashboard.count": "{shown} dépôts sur {total}",
  "dashboard.sync": "Synchroniser les dépôts GitHub",
  "dashboard.syncing": "Synchronisation…",
  "dashboard.synced": "{count} dépôts synchronisés depuis GitHub.",
  "dashboard.syncedSkipped":
    "{count} dépôts lus sur GitHub ; {skipped} non ajoutés : vous avez atteint votre limite de dépôts.",
  "dashboard.syncFailed": "La synchronisation a échoué : {message}",
  "dashboard.private": "Privé",
  "dashboard.latestCourse": "Dernier cours : {date}",
  "dashboard.noCourse": "Pas encore de cours",
  "dashboard.open": "Ouvrir",
  "dashboard.readCourse": "Lire le cours",
  "dashboard.watchJob": "Suivre la progression",

  "add.title": "Ajouter un dépôt par URL",
  "add.url": "URL git",
  "add.placeholder": "https://github.com/proprietaire/nom.git",
  "add.urlOrPath": "URL git ou chemin local",
  "add.placeholderLocal": "https://github.com/proprietaire/nom.git ou /chemin/vers/un/depot/git",
  "add.submit": "Ajouter",
  "add.adding": "Ajout…",
  "add.added": "Dépôt ajouté.",
  "add.local.missing": "Rien n’existe à {path} sur cette machine. Vérifiez le chemin.",
  "add.local.not_directory": "{path} est un fichier, pas un dossier. Donnez le dossier du dépôt.",
  "add.local.not_git":
    "{path} n’est pas un dépôt git (il n’a pas de dossier .git). Lancez git init et faites un commit, ou donnez le dossier du dépôt lui-même.",
  "add.failed": "Impossible d’ajouter le dépôt : {message}",

  "request.title": "Demander un cours",
  "request.language": "Langue du cours",
  "request.offline":
    "Le worker de ce déploiement n’a pas de clé de modèle : le cours est écrit hors ligne à partir de la carte du code, sans modèle et sans coût.",
  "request.model": "Modèle",
  "request.submit": "Demander le cours",
  "request.submitting": "Demande…",
  "request.whatHappens": "Ce qui va se passer",
  "request.step1":
    "Un worker clone le dépôt sur sa branche par défaut et le lit (les binaires et les fichiers générés ou embarqués sont ignorés).",
  "request.step2":
    "Il enchaîne six étapes : abstractions, relations, ordre, chapitres, relecture, tutoriels. Vous pouvez suivre chacune en direct et annuler à tout moment.",
  "request.step3":
    "Au plus {lessons} chapitres et tutoriels ; {attempts} tentatives si un worker échoue.",
  "request.estimate":
    "Estimation d’après le dernier cours de ce dépôt : environ {tokens} tokens, {cost} avec ce modèle.",
  "request.noEstimate":
    "Pas encore d’estimation pour ce dépôt : le coût s’affiche en direct pendant l’écriture du cours.",
  "request.price":
    "{model} : {input} par million de tokens en entrée, {output} par million en sortie.",
  "request.active": "Un cours est déjà en cours d’écriture pour ce dépôt.",
  "request.failed": "Impossible de demander le cours : {message}",
  "request.onlyModel": "Ce déploiement ne propose que {model}.",
  "request.models": "Modèles proposés sur ce déploiement : {models}.",
  "request.limitReached": "Vous ne pouvez pas demander de cours pour le moment.",

  "quota.title": "Vos limites",
  "quota.activeJobs": "Cours simultanés",
  "quota.jobsPerDay": "Cours demandés aujourd’hui",
  "quota.repositories": "Dépôts",
  "quota.spendPerDay": "Coût du modèle aujourd’hui",
  "quota.spendPerMonth": "Coût du modèle ce mois-ci",
  "quota.of": "{used} sur {limit}",
  "quota.noLimit": "{used} (sans limite)",
  "quota.resets": "remis à zéro {time}",
  "quota.reached.activeJobs":
    "Cours en attente ou en cours d’écriture en même temps : {used} sur {limit}, le maximum autorisé. Attendez qu’un cours se termine, ou annulez-en un, puis redemandez.",
  "quota.reached.jobsPerDay":
    "Cours demandés aujourd’hui : {used} sur {limit}, le maximum autorisé par jour. Vous pourrez en demander d’autres après {time}.",
  "quota.reached.spendPerDay":
    "Vos cours ont coûté {used} aujourd’hui ; la limite est de {limit} par jour. Vous pourrez en demander d’autres après {time}.",
  "quota.reached.spendPerMonth":
    "Vos cours ont coûté {used} ce mois-ci ; la limite est de {limit} par mois. Vous pourrez en demander d’autres après {time}.",
  "quota.reached.repositories":
    "Dépôts : {used} sur {limit}, le maximum autorisé. Demandez des cours pour ceux que vous avez.",
  "quota.modelNotAllowed": "{model} n’est pas proposé sur ce déploiement. Choisissez {allowed}.",

  "connection.lost":
    "Connexion au serveur perdue : ce qui est affiché peut ne plus être à jour. Reconnexion automatique…",
  "job.title.active": "Cours en cours d’écriture",
  "job.title.succeeded": "Cours prêt",
  "job.title.upToDate": "Déjà à jour",
  "job.title.failed": "Le cours n’a pas pu être écrit",
  "job.title.canceled": "Cours annulé",
  "job.writer.offline": "hors ligne, sans modèle",
  "job.status.queued": "En attente d’un worker",
  "job.status.claimed": "Démarrage",
  "job.status.cloning": "Clonage du dépôt",
  "job.status.analyzing": "Écriture du cours",
  "job.status.publishing": "Publication",
  "job.status.succeeded": "Terminé",
  "job.status.failed": "Échec",
  "job.status.canceled": "Annulé",
  "job.step": "Étape {step} sur {total}",
  "job.stepName": "Étape {step} sur {total} : {name}",
  "job.chapters": "{done} chapitres sur {total}",
  "job.progress": "Progression",
  "job.elapsed": "Temps écoulé",
  "job.tokens": "Tokens",
  "job.cost": "Coût à ce stade",
  "job.attempt": "Tentative {attempt} sur {max}",
  "job.cancel": "Annuler",
  "job.canceling": "Annulation…",
  "job.cancelRequested": "Annulation demandée ; le worker s’arrête.",
  "job.retry": "Réessayer",
  "job.readCourse": "Lire le cours",
  "job.back": "Retour au dépôt",
  "job.notFound": "Cette tâche n’existe pas, ou elle n’est pas à vous.",
  "job.retrying": "Le worker va réessayer cette tâche : {message}",
  "job.retryable": "Vous pouvez réessayer.",

  "step.abstractions": "Recherche des idées essentielles",
  "step.relationships": "Liens entre elles",
  "step.order": "Choix de l’ordre d’apprentissage",
  "step.chapters": "Écriture des chapitres",
  "step.review": "Relecture des chapitres",
  "step.tutorials": "Écriture des tutoriels",

  "log.title": "Journal des événements",
  "log.empty": "Aucun événement pour l’instant.",
  "log.loading": "Chargement des événements…",
  "log.loadMore": "Charger la suite",
  "log.follow": "Suivre les nouveaux événements",
  "log.count": "{count} événements",

  "course.chapters": "Chapitres",
  "course.tutorials": "Tutoriels",
  "course.previous": "Précédent",
  "course.next": "Suivant",
  "course.export": "Exporter en Markdown (.zip)",
  "course.exporting": "Préparation du zip…",
  "course.history": "Historique des cours",
  "course.viewing": "affiché ici",
  "course.latest": "le plus récent",
  "course.sources": "Sources citées",
  "course.notFound": "Ce cours n’existe pas, ou il n’est pas à vous.",
  "course.lessonNotFound": "Ce chapitre ne fait pas partie du cours.",
  "course.generated": "Écrit le {date} avec {model} à partir du commit {commit}.",
  "course.offline": "Écrit hors ligne à partir de la carte du code, sans modèle.",
  "course.contents": "Sommaire",
  "course.copyLink": "Copier le lien de ce chapitre",
  "course.linkCopied": "Lien copié.",

  "progress.title": "Votre progression",
  "progress.lessonsRead": "{read} sur {total} leçons lues",
  "progress.stepsDone": "{done} sur {total} étapes de tutoriel faites",
  "progress.signInToSave": "Connectez-vous pour enregistrer votre progression",
  "progress.saveFailed":
    "Votre progression n’a pas pu être enregistrée ({message}). Cochez de nouveau l’étape une fois la connexion revenue.",
  "progress.read": "lu",
  "progress.stepsOf": "{done} sur {total} étapes faites",
  "upToDate.title": "Déjà à jour",
  "upToDate.detail":
    "Le commit {commit} a déjà ce cours, écrit avec les mêmes options : rien n’a été relancé, et cette demande ne compte pas dans votre limite du jour.",
  "upToDate.open": "Ouvrir le cours",
  "upToDate.lastRequest":
    "Votre dernière demande était déjà à jour : le commit {commit} a déjà ce cours.",
  "upToDate.existingJob":
    "Un cours de ce dépôt était déjà en préparation, aucun second n’a donc été lancé : voici cette demande.",

  "mermaid.failed": "Ce diagramme n’a pas pu être dessiné ({message}). Sa source :",
  "mermaid.loading": "Dessin du diagramme…",

  "repo.notFound": "Ce dépôt n’existe pas, ou il n’est pas à vous.",
  "repo.jobs": "Tâches",
  "repo.noJobs": "Aucun cours demandé pour l’instant.",

  "common.loading": "Chargement…",
  "common.error": "Une erreur est survenue : {message}",
  "common.retry": "Réessayer",

  "error.repository_not_found":
    "Le dépôt est introuvable. Vérifiez l’URL, ou qu’il existe encore et qu’il est public (ou que votre compte GitHub y a accès).",
  "error.access_denied":
    "L’accès au dépôt a été refusé. Pour un dépôt privé, reconnectez-vous avec GitHub et autorisez l’accès.",
  "error.repository_too_large":
    "Le dépôt est trop volumineux pour en faire un cours. Essayez un dépôt plus petit.",
  "error.repository_empty":
    "Le dépôt ne contient aucun fichier à lire. Poussez du code et réessayez.",
  "error.invalid_options":
    "Les options du cours n’étaient pas valides. Choisissez à nouveau la langue et le modèle.",
  "error.clone_failed":
    "Le dépôt n’a pas pu être cloné. Vérifiez que l’URL désigne un dépôt git et réessayez.",
  "error.clone_timeout":
    "Le clonage a pris trop de temps. L’hébergeur est peut-être lent ; réessayez plus tard.",
  "error.model_auth":
    "Le service de modèles a refusé nos identifiants. Le problème vient de chez nous : réessayez plus tard.",
  "error.model_quota":
    "La limite d’utilisation du service de modèles est atteinte. Réessayez plus tard.",
  "error.model_unavailable":
    "Le service de modèles est indisponible pour le moment. Réessayez dans quelques minutes.",
  "error.model_request":
    "Le service de modèles a refusé une de nos requêtes. Le problème vient de chez nous : réessayez plus tard ou choisissez un autre modèle.",
  "error.model_refused":
    "Le modèle a refusé d’écrire une partie de ce cours. Le reste est conservé : réessayez, ou choisissez un autre modèle.",
  "error.analysis_failed":
    "L’analyse a échoué sur ce dépôt. Réessayez ; si elle échoue encore, essayez un autre modèle.",
  "error.output_too_large":
    "Le cours produit est trop volumineux pour être publié. Essayez un dépôt plus petit.",
  "error.job_timeout":
    "La tâche a dépassé son temps. Réessayez, ou choisissez un modèle plus rapide.",
  "error.lease_expired": "Le worker ne répondait plus. La tâche peut être relancée.",
  "error.worker_crashed":
    "Le worker s’est arrêté de façon inattendue. La tâche peut être relancée.",
  "error.internal": "Une erreur est survenue de notre côté. Réessayez.",
  "error.unknown": "La tâche a échoué. Réessayez.",

  "convexError.unauthenticated": "Vous êtes déconnecté. Reconnectez-vous.",
  "convexError.not_found": "Cela n’existe plus, ou ce n’est pas à vous.",
  "convexError.forbidden": "Ce n’est pas à vous.",
  "convexError.invalid_argument": "{message}",
  "convexError.conflict": "{message}",
  "convexError.github_error": "GitHub a répondu par une erreur : {message}",

  "nav.search": "Recherche",
  "search.course.label": "Rechercher dans ce cours",
  "search.course.placeholder": "Rechercher dans ce cours (touche /)",
  "search.course.results": "Leçons correspondantes",
  "search.searching": "Recherche en cours…",
  "search.none":
    "Aucune leçon ne correspond à « {query} ». Essayez d’autres mots, ou moins de mots.",
  "search.count": "Sections trouvées : {count}",
  "search.page.title": "Rechercher dans vos cours",
  "search.page.label": "Mots à chercher dans vos cours",
  "search.page.placeholder": "Une phrase, un titre, un nom de fonction…",
  "search.page.submit": "Rechercher",
  "search.page.hint":
    "Cherche dans les titres, le texte et le code du dernier cours de chacun de vos dépôts.",
  "reader.code.label": "Code : {source}",
  "reader.code.labelPlain": "Extrait de code",
  "reader.code.copy": "Copier",
  "reader.code.copied": "Copié",
  "reader.code.copyFailed": "Copie impossible",
  "reader.table.label": "Tableau",
  "reader.toc": "Sur cette page",
  "reader.drawer.open": "Sommaire",
  "reader.drawer.close": "Fermer le sommaire",
  "reader.diagram.fullscreen": "Plein écran",
  "reader.diagram.fullscreenLabel": "Ouvrir le diagramme en plein écran",
  "reader.diagram.dialog": "Diagramme",
  "reader.diagram.zoomIn": "Agrandir",
  "reader.diagram.zoomOut": "Réduire",
  "reader.diagram.zoomReset": "Taille d’origine",
  "reader.diagram.zoomLevel": "Zoom {percent} %",
  "reader.diagram.close": "Fermer",
  "reader.diagram.keys":
    "Touches : + et − zooment, 0 rétablit, les flèches déplacent, Échap ferme.",
  "reader.diagram.area": "Diagramme, zoomable",
  "source.back": "Retour à la leçon",
  "source.backCourse": "Retour au cours",
  "source.commit": "Au commit {commit}",
  "source.lineCount": "{lines} lignes",
  "source.cited": "Lignes {start} à {end} citées",
  "source.citedOne": "Ligne {start} citée",
  "source.onGithub": "Voir sur GitHub",
  "source.githubFor": "{label} sur GitHub",
  "source.codeLabel": "Source de {path}",
  "source.notPublished":
    "Ce fichier n'a pas été publié avec le cours : il est trop gros, ce n'est pas du texte, ou ce n'est pas un fichier du dépôt.",
  "source.badPath": "Ce chemin ne désigne pas un fichier de dépôt.",
  "source.pastEnd": "Les lignes citées sont après la fin du fichier ({lines} lignes).",
  "notFound.title": "Page introuvable",
  "notFound.body":
    "Il n’y a rien à cette adresse : le lien est mal écrit, ce qu’il désignait a été supprimé, ou ce n’est pas partagé avec vous.",
  "notFound.home": "Aller à l’accueil",
  "notFound.dashboard": "Aller à vos dépôts",
  "errorPage.title": "Une erreur s’est produite",
  "errorPage.body":
    "Cette page n’a pas pu s’afficher. Réessayez ; si l’erreur persiste, revenez à l’accueil.",
  "session.loading": "Vérification de votre session…",
  "share.title": "Partage",
  "share.private": "Privé : vous seul pouvez lire ce cours.",
  "share.shared":
    "Partagé par lien : toute personne qui a le lien peut lire ce cours. Il n’est listé nulle part.",
  "share.turnOn": "Partager par lien",
  "share.turnOff": "Rendre privé",
  "share.working": "Enregistrement…",
  "share.link": "Lien vers ce cours",
  "share.copy": "Copier le lien",
  "share.copied": "Lien copié.",
  "share.copyFailed": "Copie impossible : sélectionnez le lien et copiez-le vous-même.",
  "share.visitor": "Un cours partagé avec vous par lien.",
};
