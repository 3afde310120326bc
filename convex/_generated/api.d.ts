/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as courses from "../courses.js";
import type * as crons from "../crons.js";
import type * as http from "../http.js";
import type * as jobEvents from "../jobEvents.js";
import type * as jobs from "../jobs.js";
import type * as leases from "../leases.js";
import type * as lib_auth from "../lib/auth.js";
import type * as lib_backoff from "../lib/backoff.js";
import type * as lib_checkpoints from "../lib/checkpoints.js";
import type * as lib_courseAccess from "../lib/courseAccess.js";
import type * as lib_courseSearch from "../lib/courseSearch.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_events from "../lib/events.js";
import type * as lib_fairQueue from "../lib/fairQueue.js";
import type * as lib_fence from "../lib/fence.js";
import type * as lib_github from "../lib/github.js";
import type * as lib_lessonSearch from "../lib/lessonSearch.js";
import type * as lib_lessons from "../lib/lessons.js";
import type * as lib_mcpTokens from "../lib/mcpTokens.js";
import type * as lib_newQuestion from "../lib/newQuestion.js";
import type * as lib_ownership from "../lib/ownership.js";
import type * as lib_previousCourse from "../lib/previousCourse.js";
import type * as lib_publish from "../lib/publish.js";
import type * as lib_questionAccess from "../lib/questionAccess.js";
import type * as lib_questionFence from "../lib/questionFence.js";
import type * as lib_questionLimits from "../lib/questionLimits.js";
import type * as lib_questionRules from "../lib/questionRules.js";
import type * as lib_questionTransitions from "../lib/questionTransitions.js";
import type * as lib_questionViews from "../lib/questionViews.js";
import type * as lib_quota from "../lib/quota.js";
import type * as lib_refreshes from "../lib/refreshes.js";
import type * as lib_searchText from "../lib/searchText.js";
import type * as lib_sources from "../lib/sources.js";
import type * as lib_transitions from "../lib/transitions.js";
import type * as lib_upToDate from "../lib/upToDate.js";
import type * as lib_validators from "../lib/validators.js";
import type * as lib_views from "../lib/views.js";
import type * as lib_webhookHandler from "../lib/webhookHandler.js";
import type * as lib_webhookPayload from "../lib/webhookPayload.js";
import type * as lib_webhookSignature from "../lib/webhookSignature.js";
import type * as maintenance from "../maintenance.js";
import type * as mcpAccess from "../mcpAccess.js";
import type * as mcpTokens from "../mcpTokens.js";
import type * as progress from "../progress.js";
import type * as questionLeases from "../questionLeases.js";
import type * as questionWorker from "../questionWorker.js";
import type * as questions from "../questions.js";
import type * as quota from "../quota.js";
import type * as refresh from "../refresh.js";
import type * as repositories from "../repositories.js";
import type * as search from "../search.js";
import type * as sources from "../sources.js";
import type * as users from "../users.js";
import type * as webhooks from "../webhooks.js";
import type * as workerApi from "../workerApi.js";
import type * as workerPrevious from "../workerPrevious.js";
import type * as workers from "../workers.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  courses: typeof courses;
  crons: typeof crons;
  http: typeof http;
  jobEvents: typeof jobEvents;
  jobs: typeof jobs;
  leases: typeof leases;
  "lib/auth": typeof lib_auth;
  "lib/backoff": typeof lib_backoff;
  "lib/checkpoints": typeof lib_checkpoints;
  "lib/courseAccess": typeof lib_courseAccess;
  "lib/courseSearch": typeof lib_courseSearch;
  "lib/errors": typeof lib_errors;
  "lib/events": typeof lib_events;
  "lib/fairQueue": typeof lib_fairQueue;
  "lib/fence": typeof lib_fence;
  "lib/github": typeof lib_github;
  "lib/lessonSearch": typeof lib_lessonSearch;
  "lib/lessons": typeof lib_lessons;
  "lib/mcpTokens": typeof lib_mcpTokens;
  "lib/newQuestion": typeof lib_newQuestion;
  "lib/ownership": typeof lib_ownership;
  "lib/previousCourse": typeof lib_previousCourse;
  "lib/publish": typeof lib_publish;
  "lib/questionAccess": typeof lib_questionAccess;
  "lib/questionFence": typeof lib_questionFence;
  "lib/questionLimits": typeof lib_questionLimits;
  "lib/questionRules": typeof lib_questionRules;
  "lib/questionTransitions": typeof lib_questionTransitions;
  "lib/questionViews": typeof lib_questionViews;
  "lib/quota": typeof lib_quota;
  "lib/refreshes": typeof lib_refreshes;
  "lib/searchText": typeof lib_searchText;
  "lib/sources": typeof lib_sources;
  "lib/transitions": typeof lib_transitions;
  "lib/upToDate": typeof lib_upToDate;
  "lib/validators": typeof lib_validators;
  "lib/views": typeof lib_views;
  "lib/webhookHandler": typeof lib_webhookHandler;
  "lib/webhookPayload": typeof lib_webhookPayload;
  "lib/webhookSignature": typeof lib_webhookSignature;
  maintenance: typeof maintenance;
  mcpAccess: typeof mcpAccess;
  mcpTokens: typeof mcpTokens;
  progress: typeof progress;
  questionLeases: typeof questionLeases;
  questionWorker: typeof questionWorker;
  questions: typeof questions;
  quota: typeof quota;
  refresh: typeof refresh;
  repositories: typeof repositories;
  search: typeof search;
  sources: typeof sources;
  users: typeof users;
  webhooks: typeof webhooks;
  workerApi: typeof workerApi;
  workerPrevious: typeof workerPrevious;
  workers: typeof workers;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
