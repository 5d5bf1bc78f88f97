using RealName.Actors.Security;
using RealName.Domain.Security;

namespace RealName.Actors.Serialization;

/// <summary>
/// A <c>v2</c> envelope read from storage: opened with its subject's key on first use and
/// remembered (a destroyed key opens to null, i.e. erased).
/// </summary>
internal sealed class SealedEnvelope(string envelope, string keyId, string subject, int bodyStart, SubjectKeys keys) : ISealedValue
{
    private string? _opened;
    private volatile bool _isOpen;

    public string? Subject => subject;

    public string Envelope => envelope;

    public string? Open()
    {
        if (_isOpen)
            return _opened;
        var (_, cipher) = keys.Find(keyId);
        _opened = cipher?.DecryptBody(envelope.AsSpan(bodyStart));
        _isOpen = true;
        return _opened;
    }
}
