namespace CareSlot.Web.Features.Accounts;

/// <summary>The words of the account pages and of the messages about accounts; AccountsText.resx holds them, a file per language beside it.</summary>
public sealed class AccountsText;
