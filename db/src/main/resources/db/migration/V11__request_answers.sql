-- Answers to requests that carried a request_id (AIP-155): a retry with the same id gets the
-- stored answer instead of doing the work again, on whichever instance it reaches. A row is
-- written in the same transaction as the work it answers (so it exists exactly when the work
-- was committed), and is used for 24 hours; older rows are deleted by later requests.
CREATE TABLE request_answer (
  -- The request_id: a UUID, lower case.
  request_id   CHAR(36)    NOT NULL,
  -- Lower-case hex SHA-256 of the rpc, the caller's key id and the request without its
  -- request_id: a retry must match it, the same id with another request is refused.
  fingerprint  CHAR(64)    NOT NULL,
  -- The response message as the first call got it (protobuf bytes); a CreateApiKey answer
  -- without the secret, which is never stored.
  answer       MEDIUMBLOB  NOT NULL,
  create_ms    BIGINT      NOT NULL,
  CONSTRAINT pk_request_answer PRIMARY KEY (request_id)
);
CREATE INDEX ix_request_answer_create ON request_answer (create_ms);
