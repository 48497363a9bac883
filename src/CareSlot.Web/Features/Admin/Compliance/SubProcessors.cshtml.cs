using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Compliance;

/// <summary>Who else handles personal data for this installation (GDPR Art. 28(2), 30(1)(d)), read from its settings.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class SubProcessorsModel(ProcessingRegister register) : PageModel
{
    public ProcessingRecord Record { get; private set; } = null!;

    public void OnGet() => Record = register.Build();
}
