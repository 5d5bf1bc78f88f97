using RealName.Actors.Providers;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Host.Accounts;

/// <summary>
/// Contract v2 <c>groupSync</c>: whether the sister group holds a verified account linked to this
/// one, so the hosted page can offer the seeds' one-click "Authorize now". <c>name</c> is masked.
/// </summary>
public sealed record GroupSyncDto(bool Available, string? Method, string? Name);

/// <summary>The look-up behind <see cref="GroupSyncDto"/> on the account record.</summary>
public static class GroupSyncOffer
{
    /// <summary>A slow directory must not hold up the account record; the page then simply offers no popup.</summary>
    private static readonly TimeSpan LookUpTimeout = TimeSpan.FromSeconds(5);

    private static readonly GroupSyncDto None = new(false, null, null);

    /// <summary>
    /// The offer for an account without a personal identity; null when the directory cannot answer
    /// now (the record is still answered: detection is a convenience, never a reason to fail).
    /// </summary>
    public static async Task<GroupSyncDto?> DetectAsync(AccountId account, IGroupDirectory directory, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(LookUpTimeout);
        try
        {
            var linked = await directory.LinkedToAsync(account.Value, timeout.Token);
            return linked is { Verified: true, Name: { } name }
                ? new GroupSyncDto(true, VerificationMethod.GroupSync.WireName(), Masking.MaskName(name))
                : None;
        }
        catch (ProviderUnavailableException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
