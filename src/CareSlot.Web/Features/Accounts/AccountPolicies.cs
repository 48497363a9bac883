namespace CareSlot.Web.Features.Accounts;

public static class AccountPolicies
{
    /// <summary>The admin area: an administrator whose session was established with a second factor.</summary>
    public const string AdminWithSecondFactor = "AdminWithSecondFactor";

    /// <summary>Open to everyone, but a signed-in caller (cookie or bearer) is recognised, e.g. to show them their own holds.</summary>
    public const string Anyone = "Anyone";

    /// <summary>A patient, signed in by cookie or bearer token: booking and holding slots.</summary>
    public const string Patient = "Patient";

    /// <summary>
    /// A patient, or a doctor or administrator whose session was established with a second factor. It guards whatever
    /// shows patients' data: appointments (patients see only their own), and a doctor's own schedule, whose refused
    /// changes name the booked patients.
    /// </summary>
    public const string PatientOrStaffWithSecondFactor = "PatientOrStaffWithSecondFactor";

    /// <summary>
    /// Anyone signed in, by cookie or bearer: health records and messages, where the resource's own authorization handler
    /// decides and every refusal is a 404, so even a role that may never read them learns nothing about what exists.
    /// </summary>
    public const string SignedIn = "SignedIn";

    /// <summary>A doctor whose session was established with a second factor: the lists of their patients and visits.</summary>
    public const string DoctorWithSecondFactor = "DoctorWithSecondFactor";

    /// <summary>The help desk's queue: a support agent or an administrator, whose session was established with a second factor.</summary>
    public const string SupportAgent = "SupportAgent";

    /// <summary>The authentication scheme of the policies above: the bearer token if the request has one, else the cookie.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    /// <summary>Identity adds amr=mfa to a session signed in with an authenticator or recovery code.</summary>
    public const string AuthenticationMethod = "amr";

    public const string MultiFactor = "mfa";
}
