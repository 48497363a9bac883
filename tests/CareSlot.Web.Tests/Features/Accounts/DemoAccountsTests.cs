using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class DemoAccountsTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    [Theory]
    [InlineData("patient@careslot.test")]
    [InlineData("doctor@careslot.test")]
    [InlineData("admin@careslot.test")]
    [InlineData("support@careslot.test")]
    public async Task Development_DemoAccountOfEachRole_CanSignIn(string email)
    {
        var client = app.CreateBrowserClient();

        var response = await client.SignInAsync(email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Development_DemoDoctor_SignsInToAListedDirectoryEntry()
    {
        var listed = await app.WithDbAsync(db => db.Doctors.AnyAsync(d => d.IsListed
            && db.Users.Any(u => u.Id == d.AccountId && u.Email == "doctor@careslot.test"), TestContext.Current.CancellationToken));

        Assert.True(listed);
    }
}

public sealed class NoDemoAccountsOutsideDevelopmentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Testing_DemoSeed_CreatesNoAccountWithAKnownPassword()
    {
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith("@careslot.test"), TestContext.Current.CancellationToken)));
    }
}
