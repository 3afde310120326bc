// A tiny React page for the Chromium conformance test: useQuery, useMutation, usePaginatedQuery.
import {
  ConvexProvider,
  ConvexReactClient,
  useMutation,
  usePaginatedQuery,
  useQuery,
} from "convex/react";
import { makeFunctionReference } from "convex/server";
import { useState } from "react";
import { createRoot } from "react-dom/client";

type Message = { _id: string; body: string };

const list = makeFunctionReference<"query", { channel: string }, Message[]>("messages:list");
const page = makeFunctionReference<"query">("messages:page");
const send = makeFunctionReference<"mutation">("messages:send");

function App() {
  const messages = useQuery(list, { channel: "web" });
  const sendMessage = useMutation(send);
  const pages = usePaginatedQuery(page, { channel: "web" }, { initialNumItems: 2 });
  const [sent, setSent] = useState(0);
  return (
    <main>
      <ul id="list">
        {messages?.map((m) => (
          <li key={m._id}>{m.body}</li>
        ))}
      </ul>
      <ul id="pages">
        {(pages.results as Message[]).map((m) => (
          <li key={m._id}>{m.body}</li>
        ))}
      </ul>
      <p id="status">{pages.status}</p>
      <p id="sent">{sent}</p>
      <button
        id="send"
        type="button"
        onClick={async () => {
          await sendMessage({ channel: "web", author: "browser", body: "from the browser" });
          setSent((n) => n + 1);
        }}
      >
        send
      </button>
      <button id="more" type="button" onClick={() => pages.loadMore(10)}>
        more
      </button>
    </main>
  );
}

const convexUrl = new URLSearchParams(location.search).get("convex") ?? "";
const client = new ConvexReactClient(convexUrl);
createRoot(document.getElementById("root") as HTMLElement).render(
  <ConvexProvider client={client}>
    <App />
  </ConvexProvider>,
);
