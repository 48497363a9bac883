using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class CommonPasswordValidatorTests
{
    private const string Email = "Ada.Lovelace@example.org";

    private static async Task<IdentityResult> ValidateAsync(string password, string? email = Email, bool storeHasEmails = true)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddIdentityCore<TestUser>();
        services.AddSingleton<IUserStore<TestUser>>(storeHasEmails ? new EmailStore() : new NoEmailStore());
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<UserManager<TestUser>>();

        return await new CommonPasswordValidator<TestUser>().ValidateAsync(manager, new TestUser(email), password);
    }

    private static IEnumerable<string> Codes(IdentityResult result) => result.Errors.Select(e => e.Code);

    [Fact]
    public void List_Loaded_HasExactlyTenThousandEntries()
    {
        Assert.Equal(10_000, CommonPasswordValidator.ListSize);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("123456")]
    [InlineData("qwerty")]
    [InlineData("Password")]
    [InlineData("QWERTY")]
    [InlineData("trustno1")]
    [InlineData("qqqqqq1")] // the 10,000th entry
    public async Task Validate_CommonPassword_IsRefused(string password)
    {
        var result = await ValidateAsync(password);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("CommonPassword", error.Code);
        Assert.Equal(
            "This password is one of the 10,000 most common passwords. Choose one that is harder to guess.",
            error.Description);
    }

    [Theory]
    [InlineData("violet-kettle-orbit-47-sandstone")]
    [InlineData("Tq8#vL2m!xR9pZ")]
    [InlineData("password but longer and mine")]
    public async Task Validate_UncommonPassword_IsAccepted(string password)
    {
        var result = await ValidateAsync(password);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("Ada.Lovelace@example.org")]
    [InlineData("ada.lovelace@EXAMPLE.ORG")]
    [InlineData("Ada.Lovelace")]
    [InlineData("ADA.LOVELACE")]
    public async Task Validate_PasswordIsEmailOrItsLocalPart_IsRefused(string password)
    {
        var result = await ValidateAsync(password);

        Assert.False(result.Succeeded);
        Assert.Equal(["PasswordMatchesEmail"], Codes(result));
    }

    [Theory]
    [InlineData("Ada.Lovelace-1815")]
    [InlineData("example.org")]
    public async Task Validate_PasswordOnlyContainsPartOfEmail_IsAccepted(string password)
    {
        var result = await ValidateAsync(password);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Validate_CommonPasswordThatIsAlsoTheLocalPart_ReportsBoth()
    {
        var result = await ValidateAsync("Letmein", email: "letmein@example.org");

        Assert.Equal(["CommonPassword", "PasswordMatchesEmail"], Codes(result));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(Email, false)]
    public async Task Validate_NoEmailToCompare_ChecksOnlyTheList(string? email, bool storeHasEmails)
    {
        Assert.True((await ValidateAsync("Ada.Lovelace", email, storeHasEmails)).Succeeded);
        Assert.Equal(["CommonPassword"], Codes(await ValidateAsync("password", email, storeHasEmails)));
    }

    private sealed record TestUser(string? Email)
    {
        public string Id { get; } = Guid.NewGuid().ToString();
    }

    private class NoEmailStore : IUserStore<TestUser>
    {
        public Task<string> GetUserIdAsync(TestUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);
        public Task<string?> GetUserNameAsync(TestUser user, CancellationToken cancellationToken) => Task.FromResult(user.Email);
        public Task SetUserNameAsync(TestUser user, string? userName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string?> GetNormalizedUserNameAsync(TestUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SetNormalizedUserNameAsync(TestUser user, string? normalizedName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IdentityResult> CreateAsync(TestUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IdentityResult> UpdateAsync(TestUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IdentityResult> DeleteAsync(TestUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<TestUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<TestUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public void Dispose() { }
    }

    private sealed class EmailStore : NoEmailStore, IUserEmailStore<TestUser>
    {
        public Task<string?> GetEmailAsync(TestUser user, CancellationToken cancellationToken) => Task.FromResult(user.Email);
        public Task SetEmailAsync(TestUser user, string? email, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> GetEmailConfirmedAsync(TestUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SetEmailConfirmedAsync(TestUser user, bool confirmed, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<TestUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string?> GetNormalizedEmailAsync(TestUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SetNormalizedEmailAsync(TestUser user, string? normalizedEmail, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
