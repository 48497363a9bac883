using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>
/// Erase your account (GDPR Art. 17): what happens, what is kept and until when, then the password again. Once completed the
/// person is signed out and the page says what was kept and why, since they can no longer sign in to read it.
/// </summary>
[Authorize(Roles = Roles.Patient)]
public sealed class EraseModel(RequestErasure erase, ErasureRequests requests, SignInManager<Account> signIn, IOptions<PrivacyOptions> options) : PageModel
{
    public sealed class InputModel
    {
        public string? Password { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The last day kept records must be kept if erased today; null when nothing would be kept.</summary>
    public LocalDate? RetentionEnd { get; private set; }

    /// <summary>What would hold the erasure now (an open dispute or ticket).</summary>
    public string? Hold { get; private set; }

    /// <summary>The request, once made: held, or completed.</summary>
    public ErasureView? Erasure { get; private set; }

    public int RetentionYears => options.Value.MedicalRecordRetentionYears;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await erase.HandleAsync(User, new ErasureRequestBody(Input.Password), ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddProblem(problem);
            Response.StatusCode = problem.Status;
            await LoadAsync(ct);
            return Page();
        }
        Erasure = outcome.Value;
        // Completed: the account no longer exists as theirs; this page is the last they see signed in.
        if (Erasure!.State == "completed") await signIn.SignOutAsync();
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = User.AccountId();
        RetentionEnd = await requests.RetentionEndAsync(me, RetentionYears, ct);
        Hold = await requests.HoldAsync(me, ct);
        Erasure = await requests.LatestAsync(me, ct) is { State: "held" } held ? held : null;
    }

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Password"];
}
