using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>What the app texted someone, read in the development mailbox (the SMS gateway of Development), as its owner would.</summary>
public static class SentSms
{
    /// <summary>
    /// The text message to <paramref name="phoneE164"/>, read in a second tab. It leaves through the outbox a moment
    /// after the page that caused it answered, so, like a person, this reloads the mailbox until it is there.
    /// </summary>
    public static async Task<string> ReadAsync(IBrowserContext context, string phoneE164)
    {
        var mailbox = await context.NewPageAsync();
        var row = mailbox.GetByRole(AriaRole.Row).Filter(new() { HasText = phoneE164 }).Filter(new() { HasText = "SMS" }).First;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await mailbox.GotoAsync("/dev/mailbox");
        }
        while (await row.CountAsync() == 0 && waited.Elapsed < TimeSpan.FromSeconds(15));
        await AppPages.ClickAndLoadAsync(mailbox, row.GetByRole(AriaRole.Link));
        var text = await mailbox.Locator(".mail-body").InnerTextAsync();
        await mailbox.CloseAsync();
        return text;
    }
}
