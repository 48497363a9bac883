using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Help;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Faq;

[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class NewModel(SaveFaqEntry save, IStringLocalizer<HelpText> text) : FaqEntryPageModel(save)
{
    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnPostPreview() => Preview();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Refused(null);
        var outcome = await Save.CreateAsync(Input.ToRequest(), ct);
        if (outcome.Problem is { } problem) return Refused(problem);
        Message = text["The entry is saved."];
        return LocalRedirect($"/admin/faq/{outcome.Value!.Id}");
    }
}
