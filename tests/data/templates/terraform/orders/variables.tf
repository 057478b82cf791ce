variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "stage" {
  type = string
}

variable "max_attempts" {
  type    = number
  default = 3
}

variable "alerts_email" {
  type        = string
  description = "where failed orders are reported"
}

variable "enable_audit" {
  type    = bool
  default = false
}
