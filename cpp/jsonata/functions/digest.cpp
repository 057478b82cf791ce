// $hash's algorithms, named as JSONata in AWS's dialect names them; the digests themselves are
// the ones States.Hash uses (common/digests.h).
#include "jsonata/functions/digest.h"

#include "common/digests.h"

namespace sfn::jsonata {

std::optional<std::string> hex_digest(std::string_view algorithm, std::string_view data) {
  if (algorithm == "MD5") return digest::md5_hex(data);
  if (algorithm == "SHA-1") return digest::sha1_hex(data);
  if (algorithm == "SHA-256") return digest::sha256_hex(data);
  if (algorithm == "SHA-384") return digest::sha384_hex(data);
  if (algorithm == "SHA-512") return digest::sha512_hex(data);
  return std::nullopt;
}

}  // namespace sfn::jsonata
