using System.Security.Cryptography;
using RealName.Actors.Security;
using RealName.Domain.Security;

namespace RealName.Actors.Serialization;

/// <summary>
/// A <c>v2</c> envelope read from storage (<c>v2:&lt;key id&gt;:&lt;subject&gt;:&lt;body&gt;</c>, the key id
/// from <paramref name="keyStart"/> to <paramref name="keyEnd"/>): opened with its subject's key on
/// first use and remembered (a destroyed key opens to null, i.e. erased). An envelope sealed in
/// this process starts open (<paramref name="opened"/>): its clear value is known.
/// </summary>
internal sealed class SealedEnvelope(string envelope, int keyStart, int keyEnd, string subject, SubjectKeys keys, string? opened = null) : ISealedValue
{
    private string? _opened = opened;
    private volatile bool _isOpen = opened is not null;

    public string? Subject => subject;

    public string Envelope => envelope;

    public string? Open()
    {
        if (_isOpen)
            return _opened;
        try
        {
            var (_, cipher) = keys.Find(envelope[keyStart..keyEnd]);
            _opened = cipher?.DecryptBody(envelope.AsSpan(keyEnd + 1 + subject.Length + 1));
        }
        catch (CryptographicException ex)
        {
            // Not remembered: a key written by a healthy node may become readable (cache, store) later.
            throw new UnreadablePersonalDataException(subject, ex);
        }
        _isOpen = true;
        return _opened;
    }
}
