using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>Statuses, roles and actions as administrators read them, in their language.</summary>
public static class AccountTexts
{
    public static string StatusName(this IStringLocalizer<AdminText> text, string status) => status switch
    {
        AccountStatuses.Active => text["Active"],
        AccountStatuses.Unverified => text["Unverified"],
        AccountStatuses.Suspended => text["Suspended"],
        AccountStatuses.LockedOut => text["Locked out"],
        _ => status,
    };

    public static string RoleName(this IStringLocalizer<AdminText> text, string role) => role switch
    {
        Roles.Patient => text["Patient"],
        Roles.Doctor => text["Doctor"],
        Roles.Admin => text["Administrator"],
        Roles.Support => text["Support"],
        _ => role,
    };

    public static string ActionName(this IStringLocalizer<AdminText> text, AccountAdminActionKind kind) => kind switch
    {
        AccountAdminActionKind.Suspended => text["Suspended"],
        AccountAdminActionKind.Reactivated => text["Reactivated"],
        AccountAdminActionKind.PasswordResetForced => text["Password reset forced"],
        AccountAdminActionKind.TwoFactorReset => text["Two-factor reset"],
        AccountAdminActionKind.Invited => text["Invited"],
        _ => kind.ToString(),
    };

    public static string AppointmentStatusName(this IStringLocalizer<AdminText> text, AppointmentStatus status) => status switch
    {
        AppointmentStatus.Requested => text["Requested"],
        AppointmentStatus.Confirmed => text["Confirmed"],
        AppointmentStatus.Completed => text["Completed"],
        AppointmentStatus.NoShow => text["Missed"],
        AppointmentStatus.Cancelled => text["Cancelled"],
        _ => status.ToString(),
    };
}
