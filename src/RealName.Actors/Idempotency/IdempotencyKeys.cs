using System.Security.Cryptography;
using System.Text;

namespace RealName.Actors.Idempotency;

/// <summary>The record key of an <c>Idempotency-Key</c>: a hash of the caller's scope and the key, so callers cannot collide and keys never appear in ids or logs.</summary>
public static class IdempotencyKeys
{
    public static string For(string scope, string key) =>
        "idem." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)), 0, 16);
}
