using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Security;
using RealName.Host.Configuration;
using RealName.Host.Http;
using RealName.Host.Http.RateLimits;
using RealName.Host.Pages;

namespace RealName.Host.Tests.Pages;

/// <summary>The page link's MAC, computed on per-thread HMAC contexts: each link must stand alone.</summary>
public sealed class PageLinksSpecs
{
    private static readonly byte[] IdKeySecret = RandomNumberGenerator.GetBytes(32);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private PageLinks NewLinks() => new(new RealNameSecrets(RandomNumberGenerator.GetBytes(32), IdKeySecret), _clock,
        new NonceStore(_clock, new RateLimitSettings()), Options.Create(new RealNameOptions()));

    [Fact]
    public void Should_sign_each_link_alone_with_the_derived_key_however_many_were_signed_before_on_the_thread()
    {
        using var links = NewLinks();
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, IdKeySecret, 32, info: Encoding.UTF8.GetBytes("realname/pages/v1"));
        for (var i = 0; i < 3; i++)
        {
            var sessionId = "vs_" + i.ToString("D24", CultureInfo.InvariantCulture);
            var parts = links.IssueLink(sessionId).Split('.');
            var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"link|{sessionId}|{parts[0]}|{parts[1]}"));
            Assert.Equal(Base64Url.EncodeToString(expected), parts[2]);
        }
    }

    [Fact]
    public void Should_derive_a_creations_link_from_its_session_and_time_alone_and_redeem_it_once_until_it_expires()
    {
        using var links = NewLinks();
        using var otherNode = NewLinks();
        var createdAt = _clock.GetUtcNow();
        var url = links.CreationUrl("vs_aaaaaaaaaaaaaaaaaaaaaaaa", createdAt);

        _clock.Advance(TimeSpan.FromMinutes(10)); // a retry renders it later, maybe on another node: the same link
        Assert.Equal(url, otherNode.CreationUrl("vs_aaaaaaaaaaaaaaaaaaaaaaaa", createdAt));
        Assert.NotEqual(url, links.CreationUrl("vs_aaaaaaaaaaaaaaaaaaaaaaab", createdAt));
        Assert.NotEqual(url, links.CreationUrl("vs_aaaaaaaaaaaaaaaaaaaaaaaa", createdAt.AddMilliseconds(1)));

        var token = url[(url.IndexOf("?lt=", StringComparison.Ordinal) + 4)..];
        Assert.Matches(@"^\d+\.[0-9a-f]{24}\.[A-Za-z0-9_-]{43}$", token); // shaped as a drawn link token
        Assert.False(links.TryRedeem("vs_aaaaaaaaaaaaaaaaaaaaaaab", token));
        Assert.True(links.TryRedeem("vs_aaaaaaaaaaaaaaaaaaaaaaaa", token));
        Assert.False(links.TryRedeem("vs_aaaaaaaaaaaaaaaaaaaaaaaa", token));

        _clock.Advance(PageLinks.LinkTtl); // 30 min after its creation, however late it was rendered
        Assert.False(otherNode.TryRedeem("vs_aaaaaaaaaaaaaaaaaaaaaaaa", token));
    }

    [Fact]
    public async Task Should_redeem_links_signed_on_many_threads_at_once_exactly_once_each()
    {
        using var links = NewLinks();
        var issued = new (string Session, string Link)[2000];
        await Parallel.ForAsync(0, issued.Length, (i, _) =>
        {
            var sessionId = "vs_" + i.ToString("D24", CultureInfo.InvariantCulture);
            issued[i] = (sessionId, links.IssueLink(sessionId));
            return ValueTask.CompletedTask;
        });
        var redeemed = 0;
        await Parallel.ForEachAsync(issued, (link, _) =>
        {
            if (links.TryRedeem(link.Session, link.Link))
                Interlocked.Increment(ref redeemed);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(issued.Length, redeemed);
        Assert.DoesNotContain(issued, link => links.TryRedeem(link.Session, link.Link));
        using var again = NewLinks();
        Assert.False(again.TryRedeem(issued[1].Session, issued[2].Link)); // bound to its session
    }
}
