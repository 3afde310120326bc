"use client";
/**
 * Renders a lesson's markdown. The text is model output, hence untrusted: raw HTML is
 * dropped (no rehype-raw, `skipHtml`), URLs go through react-markdown's safe transform
 * (no javascript:), images are shown as links rather than loaded, and external links open
 * without an opener. Code is highlighted; ```mermaid blocks become diagrams. Headings get
 * ids and links between lessons go to the reader's lesson URLs (rehypeLessonLinks.ts); a
 * heading links to itself (rehypeHeadingAnchors.ts); code blocks get source line numbers and
 * a copy button (rehypeCodeLines.ts, reader/CodeBlock.tsx); tables and code scroll in boxes.
 */
import type { Element } from "hast";
import Link from "next/link";
import type { ReactNode } from "react";
import ReactMarkdown, { type Components, defaultUrlTransform } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { rehypeCitationLinks } from "@/lib/rehypeCitationLinks.ts";
import { rehypeCodeLines } from "@/lib/rehypeCodeLines.ts";
import { rehypeHeadingAnchors } from "@/lib/rehypeHeadingAnchors.ts";
import { type LessonLinkOptions, rehypeLessonLinks } from "@/lib/rehypeLessonLinks.ts";
import { rehypeTaskSteps } from "@/lib/rehypeTaskSteps.ts";
import type { SourceLinkContext } from "@/lib/sourceLinks.ts";
import { MermaidDiagram } from "./MermaidDiagram.tsx";
import { MarkdownInput } from "./progress/TaskStep.tsx";
import { CodeBlock } from "./reader/CodeBlock.tsx";
import { ScrollTable } from "./reader/ScrollTable.tsx";

function mermaidSource(pre: Element | undefined): string | null {
  const code = pre?.children.find(
    (c): c is Element => c.type === "element" && c.tagName === "code",
  );
  const classes = code?.properties?.className;
  if (!code || !Array.isArray(classes) || !classes.includes("language-mermaid")) return null;
  return code.children.map((c) => (c.type === "text" ? c.value : "")).join("");
}

const isExternal = (href: string) => /^https?:\/\//i.test(href);

const components: Components = {
  // Tutorial steps (`- [ ] step`): labelled checkboxes that keep the reader's progress.
  input: MarkdownInput,
  pre({ node, children }) {
    const source = mermaidSource(node);
    if (source !== null) return <MermaidDiagram source={source.trimEnd()} />;
    return <CodeBlock node={node}>{children}</CodeBlock>;
  },
  // Wide tables scroll in their own box, not the page.
  table: ScrollTable,
  a({ href, children, className }) {
    if (!href) return <span>{children}</span>;
    if (isExternal(href)) {
      return (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    }
    // Another lesson: a client-side move, like the sidebar's.
    return href.startsWith("/") ? (
      <Link href={href}>{children}</Link>
    ) : (
      <a href={href} className={className}>
        {children}
      </a>
    );
  },
  img({ src, alt }) {
    // Loading remote images from model output would let it track readers.
    const url = typeof src === "string" ? src : "";
    const label = alt || url;
    return url && isExternal(url) ? (
      <a href={url} target="_blank" rel="noopener noreferrer nofollow">
        [{label}]
      </a>
    ) : (
      <span>[{label}]</span>
    );
  },
};

export function Markdown({
  children,
  links,
  sources,
}: {
  children: string;
  /** Where inline citations (`src/a.ts:3-9`) lead: the source viewer; without it, plain code. */
  sources?: SourceLinkContext;
  /** The course the lesson belongs to; without it links are left as written. */
  links?: LessonLinkOptions;
}): ReactNode {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[
          [rehypeLessonLinks, links],
          rehypeHeadingAnchors,
          rehypeTaskSteps,
          rehypeCodeLines,
          // After rehypeCodeLines, which reads the inline citation above a code block.
          [rehypeCitationLinks, sources],
          [rehypeHighlight, { detect: false, plainText: ["mermaid"] }],
        ]}
        skipHtml
        urlTransform={defaultUrlTransform}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
