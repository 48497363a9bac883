namespace CareSlot.Web.Features.Accounts;

public static class AccountPolicies
{
    /// <summary>The admin area: an administrator whose session was established with a second factor.</summary>
    public const string Administration = "Administration";

    /// <summary>Identity adds amr=mfa to a session signed in with an authenticator or recovery code.</summary>
    public const string AuthenticationMethod = "amr";

    public const string MultiFactor = "mfa";
}
