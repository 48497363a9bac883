namespace CareSlot.Web.Features.Accounts;

public static class AccountPolicies
{
    /// <summary>The admin area: an administrator whose session was established with a second factor.</summary>
    public const string Administration = "Administration";

    /// <summary>Open to everyone, but a signed-in caller (cookie or bearer) is recognised, e.g. to show them their own holds.</summary>
    public const string Anyone = "Anyone";

    /// <summary>Booking: a patient, signed in by cookie or bearer token.</summary>
    public const string Booking = "Booking";

    /// <summary>
    /// Anything that shows patients' health data: patients (who see only their own), and doctors and
    /// administrators only in a session established with a second factor.
    /// </summary>
    public const string PatientData = "PatientData";

    /// <summary>The authentication scheme of the policies above: the bearer token if the request has one, else the cookie.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    /// <summary>Identity adds amr=mfa to a session signed in with an authenticator or recovery code.</summary>
    public const string AuthenticationMethod = "amr";

    public const string MultiFactor = "mfa";
}
