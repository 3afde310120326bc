/** English UI text. Every other language implements the same keys (see Dictionary). */
export const en = {
  "app.name": "Fondation",
  "app.tagline": "Turn a code repository into a course.",
  "nav.dashboard": "Repositories",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",
  "nav.skip": "Skip to content",
  "theme.label": "Theme",
  "theme.system": "System",
  "theme.light": "Light",
  "theme.dark": "Dark",
  "locale.label": "Language",

  "landing.title": "Learn any codebase from a course written for it",
  "landing.lead":
    "Fondation reads a repository and writes a short course: the core ideas in teaching order, diagrams, and hands-on tutorials, each citing the exact lines of code.",
  "landing.cta": "Sign in with GitHub",
  "landing.ctaLocal": "Sign in (local mode)",
  "landing.point1": "Pick one of your GitHub repositories, or paste any public git URL.",
  "landing.point2": "Watch the course being written, step by step.",
  "landing.point3": "Read it with diagrams and links to the exact commit.",
  "landing.unconfigured":
    "Sign-in is not configured. Set NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY, or FONDATION_LOCAL_AUTH=1 for offline development.",
  "landing.noConvex":
    "No Convex deployment is configured: set CONVEX_URL (or NEXT_PUBLIC_CONVEX_URL).",

  "signIn.title": "Sign in",
  "signIn.localNotice":
    "Local mode: anyone can sign in under any name. This is for offline development and tests only.",
  "signIn.name": "Name",
  "signIn.submit": "Sign in",
  "signIn.failed": "Sign-in failed: {message}",

  "dashboard.title": "Your repositories",
  "dashboard.search": "Search repositories",
  "dashboard.filter": "Show",
  "dashboard.filter.all": "All",
  "dashboard.filter.withCourse": "With a course",
  "dashboard.filter.active": "Course in progress",
  "dashboard.filter.noCourse": "No course yet",
  "dashboard.source": "Source",
  "dashboard.source.all": "Any source",
  "dashboard.source.github": "GitHub",
  "dashboard.source.url": "Git URL",
  "dashboard.empty": "No repositories yet. Sync your GitHub repositories or add one by URL.",
  "dashboard.noMatch": "No repository matches these filters.",
  "dashboard.count": "{shown} of {total} repositories",
  "dashboard.sync": "Sync GitHub repositories",
  "dashboard.syncing": "Syncing…",
  "dashboard.synced": "{count} repositories synced from GitHub.",
  "dashboard.syncedSkipped":
    "{count} repositories read from GitHub; {skipped} not added: you reached your repository limit.",
  "dashboard.syncFailed": "Sync failed: {message}",
  "dashboard.private": "Private",
  "dashboard.latestCourse": "Latest course: {date}",
  "dashboard.noCourse": "No course yet",
  "dashboard.open": "Open",
  "dashboard.readCourse": "Read the course",
  "dashboard.watchJob": "Watch progress",

  "add.title": "Add a repository by URL",
  "add.url": "Git URL",
  "add.placeholder": "https://github.com/owner/name.git",
  "add.urlOrPath": "Git URL or local path",
  "add.placeholderLocal": "https://github.com/owner/name.git or /path/to/a/git/repository",
  "add.submit": "Add",
  "add.adding": "Adding…",
  "add.added": "Repository added.",
  "add.failed": "Could not add the repository: {message}",

  "request.title": "Request a course",
  "request.language": "Course language",
  "request.model": "Model",
  "request.submit": "Request the course",
  "request.submitting": "Requesting…",
  "request.whatHappens": "What will happen",
  "request.step1":
    "A worker clones the repository at its default branch and reads it (binaries, vendored and generated files are skipped).",
  "request.step2":
    "It runs six steps: abstractions, relationships, order, chapters, review, tutorials. You can watch each one live and cancel at any time.",
  "request.step3":
    "At most {lessons} chapters and tutorials; {attempts} attempts if a worker fails.",
  "request.estimate":
    "Estimate from this repository's last course: about {tokens} tokens, {cost} with this model.",
  "request.noEstimate":
    "No estimate yet for this repository: the cost is shown live as the course is written.",
  "request.price": "{model}: {input} per million input tokens, {output} per million output tokens.",
  "request.active": "A course is already being written for this repository.",
  "request.failed": "Could not request the course: {message}",
  "request.onlyModel": "This deployment offers {model} only.",
  "request.models": "Models offered on this deployment: {models}.",
  "request.limitReached": "You cannot request a course right now.",

  "quota.title": "Your limits",
  "quota.activeJobs": "Courses at once",
  "quota.jobsPerDay": "Courses requested today",
  "quota.repositories": "Repositories",
  "quota.spendPerDay": "Model cost today",
  "quota.spendPerMonth": "Model cost this month",
  "quota.of": "{used} of {limit}",
  "quota.noLimit": "{used} (no limit)",
  "quota.resets": "resets {time}",
  "quota.reached.activeJobs":
    "Courses queued or being written at once: {used} of {limit}, the most allowed. Wait for one to finish, or cancel one, then ask again.",
  "quota.reached.jobsPerDay":
    "Courses requested today: {used} of {limit}, the most allowed per day. You can request more after {time}.",
  "quota.reached.spendPerDay":
    "Your courses cost {used} today; the limit is {limit} per day. You can request more after {time}.",
  "quota.reached.spendPerMonth":
    "Your courses cost {used} this month; the limit is {limit} per month. You can request more after {time}.",
  "quota.reached.repositories":
    "Repositories: {used} of {limit}, the most allowed. Request courses for the ones you have.",
  "quota.modelNotAllowed": "{model} is not offered on this deployment. Choose {allowed}.",

  "job.title": "Course in progress",
  "job.status.queued": "Waiting for a worker",
  "job.status.claimed": "Starting",
  "job.status.cloning": "Cloning the repository",
  "job.status.analyzing": "Writing the course",
  "job.status.publishing": "Publishing",
  "job.status.succeeded": "Done",
  "job.status.failed": "Failed",
  "job.status.canceled": "Canceled",
  "job.step": "Step {step} of {total}",
  "job.stepName": "Step {step} of {total}: {name}",
  "job.chapters": "{done} of {total} chapters",
  "job.progress": "Progress",
  "job.elapsed": "Elapsed",
  "job.tokens": "Tokens",
  "job.cost": "Cost so far",
  "job.attempt": "Attempt {attempt} of {max}",
  "job.cancel": "Cancel",
  "job.canceling": "Canceling…",
  "job.cancelRequested": "Cancel requested; the worker is stopping.",
  "job.retry": "Try again",
  "job.readCourse": "Read the course",
  "job.back": "Back to the repository",
  "job.notFound": "This job does not exist, or it is not yours.",
  "job.retrying": "The worker will retry this job: {message}",
  "job.retryable": "This can be retried.",

  "step.abstractions": "Finding the core ideas",
  "step.relationships": "Connecting them",
  "step.order": "Choosing the teaching order",
  "step.chapters": "Writing chapters",
  "step.review": "Reviewing chapters",
  "step.tutorials": "Writing tutorials",

  "log.title": "Event log",
  "log.empty": "No events yet.",
  "log.loading": "Loading events…",
  "log.loadMore": "Load more",
  "log.follow": "Follow new events",
  "log.count": "{count} events",

  "course.chapters": "Chapters",
  "course.tutorials": "Tutorials",
  "course.previous": "Previous",
  "course.next": "Next",
  "course.export": "Export as Markdown (.zip)",
  "course.exporting": "Preparing the zip…",
  "course.history": "Course history",
  "course.current": "current",
  "course.sources": "Sources cited",
  "course.notFound": "This course does not exist, or it is not yours.",
  "course.lessonNotFound": "This chapter is not in the course.",
  "course.generated": "Written {date} with {model} from commit {commit}.",
  "course.offline": "Written offline from the code map, without a model.",
  "course.contents": "Contents",
  "course.copyLink": "Copy link to this chapter",
  "course.linkCopied": "Link copied.",

  "progress.title": "Your progress",
  "progress.lessonsRead": "{read} of {total} lessons read",
  "progress.stepsDone": "{done} of {total} tutorial steps done",
  "progress.signInToSave": "Sign in to save your progress",
  "progress.saveFailed":
    "Your progress could not be saved ({message}). Tick the step again once you are back online.",
  "progress.read": "read",
  "progress.stepsOf": "{done} of {total} steps done",
  "upToDate.title": "Already up to date",
  "upToDate.detail":
    "Commit {commit} already has this course, written with the same options: nothing was run again, and it did not count against your daily limit.",
  "upToDate.open": "Open the course",
  "upToDate.lastRequest":
    "Your last request was already up to date: commit {commit} already has this course.",
  "upToDate.existingJob":
    "This repository already had a course on the way, so no second one was started: this is that request.",

  "mermaid.failed": "This diagram could not be drawn ({message}). Its source:",
  "mermaid.loading": "Drawing the diagram…",

  "repo.notFound": "This repository does not exist, or it is not yours.",
  "repo.jobs": "Jobs",
  "repo.noJobs": "No course requested yet.",

  "common.loading": "Loading…",
  "common.error": "Something went wrong: {message}",
  "common.retry": "Try again",

  "error.repository_not_found":
    "The repository was not found. Check the URL, or that it still exists and is public (or that your GitHub account can see it).",
  "error.access_denied":
    "Access to the repository was denied. For a private repository, sign in again with GitHub and grant access to it.",
  "error.repository_too_large":
    "The repository is too large to turn into a course. Try a smaller repository or a subfolder published on its own.",
  "error.repository_empty": "The repository has no files to read. Push some code and try again.",
  "error.invalid_options": "The course options were not valid. Pick a language and model again.",
  "error.clone_failed":
    "The repository could not be cloned. Check that the URL is a git repository and try again.",
  "error.clone_timeout": "Cloning took too long. The host may be slow; try again later.",
  "error.model_auth":
    "The model service refused our credentials. This is on our side: try again later.",
  "error.model_quota": "The model service's usage limit was reached. Try again later.",
  "error.model_unavailable":
    "The model service is unavailable right now. Try again in a few minutes.",
  "error.model_request":
    "The model service refused one of our requests. This is on our side: try again later or pick another model.",
  "error.model_refused":
    "The model declined to write part of this course. The rest is kept: try again, or pick another model.",
  "error.analysis_failed":
    "The analysis failed on this repository. Try again; if it fails again, try another model.",
  "error.output_too_large": "The course came out too large to publish. Try a smaller repository.",
  "error.job_timeout": "The job ran out of time. Try again, or pick a faster model.",
  "error.lease_expired": "The worker stopped answering. The job can be retried.",
  "error.worker_crashed": "The worker stopped unexpectedly. The job can be retried.",
  "error.internal": "Something went wrong on our side. Try again.",
  "error.unknown": "The job failed. Try again.",

  "convexError.unauthenticated": "You are signed out. Sign in again.",
  "convexError.not_found": "It no longer exists, or it is not yours.",
  "convexError.forbidden": "That is not yours.",
  "convexError.invalid_argument": "{message}",
  "convexError.conflict": "{message}",
  "convexError.github_error": "GitHub answered with an error: {message}",

  "nav.search": "Search",
  "search.course.label": "Search this course",
  "search.course.placeholder": "Search this course (press /)",
  "search.course.results": "Lessons that match",
  "search.searching": "Searching…",
  "search.none": "No lesson matches “{query}”. Try other words, or fewer.",
  "search.count": "Matching sections: {count}",
  "search.page.title": "Search your courses",
  "search.page.label": "Words to find in your courses",
  "search.page.placeholder": "A phrase, a title, a function name…",
  "search.page.submit": "Search",
  "search.page.hint":
    "Searches the titles, text and code of the latest course of each of your repositories.",
} as const;

export type MessageKey = keyof typeof en;
