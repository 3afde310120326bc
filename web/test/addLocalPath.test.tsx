import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AddRepositoryForm } from "@/components/repos/AddRepositoryForm.tsx";
import { localPathToFileUrl, repositoryUrlFromInput } from "@/lib/repoInput.ts";
import { renderWithI18n } from "./render.tsx";

describe("local paths in the add form", () => {
  it("turns an absolute path into a file:// URL in local mode", async () => {
    const onAdd = vi.fn().mockResolvedValue({});
    renderWithI18n(<AddRepositoryForm onAdd={onAdd} allowLocalPath />);
    const input = screen.getByLabelText("Git URL or local path");
    // A path is not a URL: the field must not be type=url, or the browser refuses it.
    expect(input).toHaveAttribute("type", "text");
    fireEvent.change(input, { target: { value: "  /home/ada/my project/ " } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Repository added.");
    expect(onAdd).toHaveBeenCalledWith("file:///home/ada/my%20project");
  });

  it("sends URLs as typed in local mode", async () => {
    const onAdd = vi.fn().mockResolvedValue({});
    renderWithI18n(<AddRepositoryForm onAdd={onAdd} allowLocalPath />);
    fireEvent.change(screen.getByLabelText("Git URL or local path"), {
      target: { value: " http://127.0.0.1:9/repo.git " },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await screen.findByRole("status");
    expect(onAdd).toHaveBeenCalledWith("http://127.0.0.1:9/repo.git");
  });

  it("asks for a URL outside local mode (a path is refused before anything is sent)", () => {
    const onAdd = vi.fn().mockResolvedValue({});
    renderWithI18n(<AddRepositoryForm onAdd={onAdd} />);
    const input = screen.getByLabelText("Git URL");
    expect(input).toHaveAttribute("type", "url");
    fireEvent.change(input, { target: { value: "/home/ada/project" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(onAdd).not.toHaveBeenCalled();
    expect(repositoryUrlFromInput(" /home/ada/project ", { allowLocalPath: false })).toBe(
      "/home/ada/project",
    );
  });

  it("percent-encodes each segment, so a % or # in a folder name survives", () => {
    expect(localPathToFileUrl("/srv/100% real/#1")).toBe("file:///srv/100%25%20real/%231");
    expect(new URL(localPathToFileUrl("/srv/a b")).pathname).toBe("/srv/a%20b");
  });
});

describe("a local path is checked before it is added", () => {
  it.each([
    ["missing", "Nothing exists at /home/ada/nope on this machine. Check the path."],
    ["not_git", "/home/ada/nope is not a git repository (it has no .git folder)."],
  ] as const)("refuses a path that is %s, and sends nothing", async (status, text) => {
    const onAdd = vi.fn().mockResolvedValue({});
    const checkLocalPath = vi.fn().mockResolvedValue(status);
    renderWithI18n(
      <AddRepositoryForm onAdd={onAdd} allowLocalPath checkLocalPath={checkLocalPath} />,
    );
    fireEvent.change(screen.getByLabelText("Git URL or local path"), {
      target: { value: " /home/ada/nope " },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(text);
    expect(checkLocalPath).toHaveBeenCalledWith("/home/ada/nope");
    expect(onAdd).not.toHaveBeenCalled();
  });

  it("adds a path the check accepts, and never checks a URL", async () => {
    const onAdd = vi.fn().mockResolvedValue({});
    const checkLocalPath = vi.fn().mockResolvedValue("ok");
    renderWithI18n(
      <AddRepositoryForm onAdd={onAdd} allowLocalPath checkLocalPath={checkLocalPath} />,
    );
    const input = screen.getByLabelText("Git URL or local path");
    fireEvent.change(input, { target: { value: "/home/ada/repo" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await screen.findByRole("status");
    expect(onAdd).toHaveBeenCalledWith("file:///home/ada/repo");
    fireEvent.change(input, { target: { value: "https://example.com/r.git" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await vi.waitFor(() => expect(onAdd).toHaveBeenCalledTimes(2));
    expect(checkLocalPath).toHaveBeenCalledTimes(1);
  });
});
