namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>What one action's form on the account page says (<c>_ActionForm</c>); its fields are named <c>Prefix.Reason</c> and <c>Prefix.Confirm</c>.</summary>
public sealed record AccountActionForm(string Prefix, string Handler, string Heading, string Explanation, string ReasonLabel, string ReasonHint,
    string ConfirmLabel, string Button, bool Dangerous, AccountActionInput Input);
