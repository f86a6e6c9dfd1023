// 远程教育站点 in a real browser: the county admin and the station's operator
// open the stations page from the navigation and see the sample station with
// this month's showings against its goals.
import { expect, signIn, test } from "./helpers.ts";

for (const username of ["xianwei", "zhandian"]) {
  test(`${username} sees the sample station and this month's goals`, async ({ page }) => {
    await signIn(page, username);
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "站点", exact: true }).click();
    await expect(page.getByRole("heading", { name: "远程教育站点", level: 1 })).toBeVisible();
    const row = page.getByTestId("station-hexi-station");
    await expect(row).toContainText("河西村远程教育站点");
    await expect(row).toContainText("河西村党支部");
    await expect(row).toContainText("未联网");
    await expect(row.getByRole("progressbar", { name: /本月放映场次，目标 2 场/ })).toHaveAttribute("aria-valuemax", "2");
    await expect(row.getByRole("progressbar", { name: /本月放映时长，目标 20 小时/ })).toHaveAttribute("aria-valuemax", "20");
    // The wide table scrolls from the keyboard too.
    await page.getByRole("region", { name: /月报/ }).focus();
    await expect(page.getByRole("region", { name: /月报/ })).toBeFocused();
  });
}
