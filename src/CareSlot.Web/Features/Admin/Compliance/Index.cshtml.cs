using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Compliance;

/// <summary>The record of processing activities (GDPR Art. 30), as an auditor or the supervisory authority would ask for it.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(ProcessingRegister register) : PageModel
{
    public ProcessingRecord Record { get; private set; } = null!;

    public void OnGet() => Record = register.Build();
}
