using CareSlot.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Accounts;

public enum AccountAdminActionKind
{
    Suspended,
    Reactivated,
    PasswordResetForced,
    TwoFactorReset,
    Invited,
}

/// <summary>
/// What an administrator did to an account and why, in their words: the audit trail names the action and the account but
/// never free text, so the reason lives here, shown on the account's page to administrators only.
/// </summary>
public sealed class AccountAdminAction
{
    public long Id { get; private set; }
    public Guid AccountId { get; private set; }
    public AccountAdminActionKind Kind { get; private set; }
    public string Reason { get; private set; }
    public Guid AdminId { get; private set; }
    public Instant At { get; private set; }

    private AccountAdminAction() => Reason = ""; // for EF Core

    public AccountAdminAction(Guid accountId, AccountAdminActionKind kind, string reason, Guid adminId, Instant at)
    {
        AccountId = accountId;
        Kind = kind;
        Reason = reason;
        AdminId = adminId;
        At = at;
    }
}

public sealed class AccountAdminActionConfiguration : IEntityTypeConfiguration<AccountAdminAction>
{
    public void Configure(EntityTypeBuilder<AccountAdminAction> builder)
    {
        builder.ToTable("AccountAdminActions");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Reason).HasMaxLength(Account.AdminReasonMaxLength);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.AccountId, a.Id });
    }
}
