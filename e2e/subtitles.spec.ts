// Subtitles in several languages: the sample lesson ships Chinese and Uyghur
// (a right-to-left script). The player offers every track the lesson has, the
// Chinese one shows by default, and a Uyghur cue reads right to left: WebVTT
// takes a cue's direction from its first strong character, and the browser
// gives the cue's text the direction "rtl" by that same rule.
import { blockCastScript, expect, signIn, test } from "./helpers.ts";

test("the player offers every subtitle track, and a right-to-left cue reads right to left", async ({ page }) => {
  await blockCastScript(page);
  await signIn(page, "hedashan");
  await page.goto("/courses/fazhan-dangyuan/rudang-shenqing");
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();
  const player = page.getByTestId("lesson-player");
  await expect(player).toBeVisible();
  // The page's own tracks (the player copies them into its shadow tree as well).
  const tracks = page.locator("mux-player > track");
  await expect(tracks).toHaveCount(2);
  await expect(page.locator('mux-player > track[srclang="zh-CN"]')).toHaveAttribute("label", "中文");
  await expect(page.locator('mux-player > track[srclang="ug"]')).toHaveAttribute("label", "ئۇيغۇرچە");

  // The media element's own list of tracks, as the player's captions menu reads it.
  // (It also holds the player's own hidden tracks, with no language: the lesson's are those with one.)
  await page.waitForFunction(
    () =>
      [...((document.querySelector("mux-player") as HTMLMediaElement | null)?.textTracks ?? [])].filter(
        (track) => track.kind === "subtitles" && track.language !== "",
      ).length >= 2,
  );
  const offered = await page.evaluate(() =>
    [...(document.querySelector("mux-player") as HTMLMediaElement).textTracks]
      .filter((track) => track.kind === "subtitles" && track.language !== "")
      .map((track) => ({ language: track.language, mode: track.mode })),
  );
  expect(offered).toEqual([
    { language: "zh-CN", mode: "showing" },
    { language: "ug", mode: "disabled" },
  ]);

  // One on screen at a time, however many the lesson has. Choose Uyghur as the menu does, and read its first cue.
  await page.evaluate(() => {
    for (const track of (document.querySelector("mux-player") as HTMLMediaElement).textTracks)
      track.mode = track.language === "ug" ? "showing" : "disabled";
  });
  await page.waitForFunction(() => {
    const track = [...(document.querySelector("mux-player") as HTMLMediaElement).textTracks].find((one) => one.language === "ug");
    return (track?.cues?.length ?? 0) > 0;
  });
  const cue = await page.evaluate(() => {
    const track = [...(document.querySelector("mux-player") as HTMLMediaElement).textTracks].find((one) => one.language === "ug")!;
    const text = (track.cues![0] as VTTCue).text;
    const probe = document.createElement("span");
    probe.dir = "auto";
    probe.textContent = text;
    document.body.append(probe);
    const direction = getComputedStyle(probe).direction;
    probe.remove();
    return { text, direction, cues: track.cues!.length };
  });
  expect(cue.cues).toBe(4);
  expect(cue.text).toContain("پارتىيىگە كىرىش ئىلتىماسى");
  expect(cue.direction).toBe("rtl");
});
